import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('autocannon/autocannon.js');

export interface LoadOptions {
  connections: number;
  seconds: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
}

/**
 * Drives `url` with autocannon's CLI in a child process, so the load generator does not share
 * the event loop of the servers it measures (it shares the machine's cores, as any client would).
 */
export function autocannon(url: string, options: LoadOptions): Promise<LoadResult> {
  const args = [cli, '--json', '-c', String(options.connections), '-d', String(options.seconds)];
  for (const [key, value] of Object.entries(options.headers ?? {}))
    args.push('-H', `${key}=${value}`);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${String(code)}: ${err}`));
      try {
        const json = JSON.parse(out) as {
          requests: { average: number; total: number };
          latency: { p50: number; p99: number };
          errors: number;
          timeouts: number;
          non2xx: number;
          duration: number;
        };
        resolve({
          requestsPerSecond: json.requests.total / json.duration,
          p50: json.latency.p50,
          p99: json.latency.p99,
          requests: json.requests.total,
          errors: json.errors + json.timeouts,
          non2xx: json.non2xx,
        });
      } catch (error) {
        reject(new Error(`autocannon output unreadable: ${String(error)}\n${out}\n${err}`));
      }
    });
  });
}
