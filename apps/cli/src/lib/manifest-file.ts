import { readFile } from 'node:fs/promises';
import { CliError, ExitCode, UsageError } from './errors';
import type { Io } from './output';
import { readStdin } from './prompt';

/** The JSON document in `path` (`-`: stdin). A missing file is a usage error; bad JSON fails. */
export async function readManifestFile(io: Io, path: string): Promise<unknown> {
  let text: string;
  if (path === '-') {
    text = await readStdin(io);
  } else {
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'it is a directory'
            : code === 'EACCES'
              ? 'permission denied'
              : (error as Error).message;
      throw new UsageError(`Cannot read ${path}: ${reason}.`);
    }
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    const name = path === '-' ? 'stdin' : path;
    throw new CliError(
      ExitCode.failure,
      `${name} is not valid JSON: ${(error as Error).message}`,
      'An agent manifest is a JSON document; see the manifest schema in the docs.',
    );
  }
}
