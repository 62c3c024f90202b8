import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const fixture = (name: string) => join(cliDir, 'test', 'fixtures', name);

const configDirs: string[] = [];
process.once('exit', () => {
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty config directory: each test signs in on its own (removed when the run ends). */
export function tempConfigDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cape-cli-'));
  configDirs.push(dir);
  return dir;
}

export interface CapeResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CapeOptions {
  configDir: string;
  /** Written to stdin, which is then closed (stdin is a pipe, never a terminal). */
  input?: string;
  env?: Record<string, string>;
}

/**
 * `cape` from source (`node --import tsx src/main.ts`, no build needed) as a child process,
 * with only the environment a test gives it: no CAPE_URL or CAPE_API_KEY leaks in.
 */
export function spawnCape(args: string[], options: CapeOptions): ChildProcessWithoutNullStreams {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('CAPE_') && key !== 'NO_COLOR'),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: cliDir,
    env: { ...inherited, CAPE_CONFIG_DIR: options.configDir, ...options.env },
  });
  child.stdin.end(options.input ?? '');
  return child;
}

/** Runs `cape` to completion and collects its output. */
export function cape(args: string[], options: CapeOptions): Promise<CapeResult> {
  const child = spawnCape(args, options);
  return collect(child);
}

export function collect(child: ChildProcessWithoutNullStreams): Promise<CapeResult> {
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves once the child has written something to stdout that passes `test`. */
export function stdoutMatches(
  child: ChildProcessWithoutNullStreams,
  test: (text: string) => boolean,
): Promise<string> {
  let seen = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (test(seen)) {
        child.stdout.off('data', onData);
        resolve(seen);
      }
    };
    child.stdout.on('data', onData);
    child.once('close', () =>
      reject(new Error(`cape exited before the expected output; stdout: ${seen}`)),
    );
  });
}
