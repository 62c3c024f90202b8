import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { CliError, ExitCode } from './errors';

const sessionSchema = z.object({
  type: z.literal('session'),
  email: z.string(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshTokenExpiresAt: z.string(),
});
const apiKeySchema = z.object({
  type: z.literal('apiKey'),
  apiKey: z.string(),
  email: z.string().optional(),
});
const storedAuthSchema = z.discriminatedUnion('type', [sessionSchema, apiKeySchema]);

const fileSchema = z.object({
  version: z.literal(1),
  /** The server `cape` talks to unless --url or CAPE_URL says otherwise. */
  current: z.string().nullable(),
  /** Credentials per server URL, so switching servers never sends one server's tokens to another. */
  servers: z.record(z.string(), storedAuthSchema),
});

export type StoredSession = z.infer<typeof sessionSchema>;
export type StoredAuth = z.infer<typeof storedAuthSchema>;
export type CredentialsFile = z.infer<typeof fileSchema>;

export const emptyCredentials = (): CredentialsFile => ({ version: 1, current: null, servers: {} });

export function credentialsPath(configDir: string): string {
  return join(configDir, 'credentials.json');
}

/** The stored credentials; an empty set when there is no file yet. */
export async function readCredentials(configDir: string): Promise<CredentialsFile> {
  const path = credentialsPath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCredentials();
    throw new CliError(ExitCode.auth, `Cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new CliError(
      ExitCode.auth,
      `${path} is damaged.`,
      'Sign in again with `cape login` (it replaces the file).',
    );
  }
  return parsed.data;
}

/** Writes the file atomically, readable by its owner only (0600, in a 0700 directory). */
export async function writeCredentials(configDir: string, file: CredentialsFile): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const path = credentialsPath(configDir);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  // The mode given to writeFile is masked by the umask; make sure.
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export async function deleteCredentials(configDir: string): Promise<void> {
  await rm(credentialsPath(configDir), { force: true });
}

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

/**
 * Runs `fn` holding an exclusive lock on the credentials file, so two `cape` processes never
 * spend the same refresh token (the server treats a reused refresh token as stolen and ends the
 * session). A lock left behind by a crashed process is taken over after 30 s.
 */
export async function withCredentialsLock<T>(configDir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const lockPath = `${credentialsPath(configDir)}.lock`;
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockPath).then(
        (stats) => Date.now() - stats.mtimeMs,
        () => 0,
      );
      if (age > LOCK_STALE_MS) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new CliError(
          ExitCode.failure,
          `Another cape process holds ${lockPath}.`,
          'If none is running, delete that file.',
        );
      }
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}

/** `http://Host:3000/` and `http://host:3000` are the same server. */
export function normalizeServerUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.origin}${path}`;
}
