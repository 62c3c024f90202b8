/**
 * Starting and stopping CapeControl server processes from scripts and tests: the cluster
 * launcher (`npm run cluster`), the chaos script and the multi-process tests share this.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerRole = 'all' | 'api' | 'worker';

/** apps/server */
export const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerProcessOptions {
  role: ServerRole;
  /** The process environment, besides PATH (nothing else is inherited). */
  env: Record<string, string>;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * `dist` runs the build (dist/main.js); `source` runs src/main.ts through tsx; `{ file }` runs
   * a bundle made by `bundleServer` (starts in a fraction of tsx's time: many restarts).
   */
  entry?: 'dist' | 'source' | { file: string };
  /** A name for log lines, e.g. `api-1`. */
  label?: string;
  /** Receives every line the process writes (stdout and stderr). */
  onLine?: (line: string) => void;
  /** How long to wait for "CapeControl is running" (default 60 s). */
  readyTimeoutMs?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  label: string;
  role: ServerRole;
  pid: number;
  /** Where it serves (workers serve /healthz, /readyz and /metrics too). */
  url: string;
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  /** True once the process has exited. */
  readonly done: boolean;
  /** SIGKILL, no drain: a crash. */
  kill(): Promise<ExitStatus>;
  /** SIGTERM, then waits for the drain (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<ExitStatus>;
}

/** The entry the launcher uses by default: the build if there is one, else the source. */
export function defaultEntry(): 'dist' | 'source' {
  return existsSync(join(serverRoot, 'dist', 'main.js')) ? 'dist' : 'source';
}

/**
 * Bundles the current source with the server's own build script into a cache folder inside
 * apps/server/node_modules (so the bundle's third-party imports resolve as dist's do) and
 * returns the entry file. Tests use it to start many processes from fresh code quickly.
 */
export async function bundleServer(name: string): Promise<{ file: string }> {
  const outdir = join(serverRoot, 'node_modules', '.cache', 'capecontrol', name);
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ['build.mjs'],
      { cwd: serverRoot, env: { ...process.env, BUILD_OUT_DIR: outdir } },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`build failed: ${stderr || error.message}`)) : resolve(),
    ),
  );
  return { file: join(outdir, 'main.js') };
}

/** Starts one server process and resolves once it is serving. */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const entry = options.entry ?? defaultEntry();
  const args =
    typeof entry === 'object'
      ? [entry.file]
      : entry === 'dist'
        ? [join(serverRoot, 'dist', 'main.js')]
        : ['--import', 'tsx', join(serverRoot, 'src', 'main.ts')];
  const label = options.label ?? options.role;
  const child = spawn(process.execPath, [...args, '--role', options.role], {
    cwd: serverRoot,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ...options.env,
      PORT: String(options.port ?? 0),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const recent: string[] = [];
  let announce: (url: string) => void = () => undefined;
  const announced = new Promise<string>((resolve) => (announce = resolve));
  const readLines = (stream: NodeJS.ReadableStream | null) => {
    let buffer = '';
    stream?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline !== -1) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
        recent.push(line);
        if (recent.length > 20) recent.shift();
        options.onLine?.(line);
        const url = runningUrl(line);
        if (url) announce(url);
      }
    });
  };
  readLines(child.stdout);
  readLines(child.stderr);

  const kill = () => {
    if (!done) child.kill('SIGKILL');
    return exited;
  };
  const stop = async (graceMs = 30_000) => {
    if (done) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const status = await exited;
    clearTimeout(timer);
    return status;
  };

  return new Promise<ServerProcess>((resolve, reject) => {
    const timeout = setTimeout(() => {
      void kill();
      reject(new Error(`${label} did not start in time:\n${recent.join('\n')}`));
    }, options.readyTimeoutMs ?? 60_000);
    void announced.then((url) => {
      clearTimeout(timeout);
      resolve({
        label,
        role: options.role,
        pid: child.pid ?? 0,
        url,
        child,
        exited,
        get done() {
          return done;
        },
        kill,
        stop,
      });
    });
    void exited.then((status) => {
      clearTimeout(timeout);
      reject(
        new Error(
          `${label} exited before it was ready (code ${String(status.code)}, signal ${String(status.signal)}):\n${recent.join('\n')}`,
        ),
      );
    });
  });
}

/** The URL of a "CapeControl is running at …" log line (JSON from pino, or plain text). */
function runningUrl(line: string): string | null {
  if (!line.includes('CapeControl is running')) return null;
  try {
    const record = JSON.parse(line) as { url?: unknown };
    if (typeof record.url === 'string') return record.url;
  } catch {
    // Not JSON: fall through to the text.
  }
  return /running at (\S+)/.exec(line)?.[1] ?? null;
}
