import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp, parseEnv } from '../src/index';
import { fakeWebDist, PASSWORD, trpc } from './helpers';

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cape-data-'));
  dataDirs.push(dir);
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs src/main.ts as `npm start` would run the built server, with only the given environment. */
function runMain(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: serverRoot,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function waitForReady(url: string, exited: Promise<number | null>): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  for (;;) {
    if (done) throw new Error('server exited before becoming ready');
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('server process', () => {
  it('exits non-zero with one line naming a bad DATABASE_URL', async () => {
    const run = runMain({ DATABASE_URL: 'nonsense' });
    expect(await run.exited).toBe(1);
    const lines = run.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres/);
    expect(lines[0]).not.toContain('nonsense'); // connection strings may hold passwords: never echoed
  });

  it('names other bad variables and options too', async () => {
    const port = runMain({ PORT: 'eighty' });
    expect(await port.exited).toBe(1);
    expect(port.output().stderr.trim()).toBe(
      'Invalid configuration: PORT Invalid input: expected number, received NaN (got "eighty")',
    );
    const role = runMain({}, ['--role', 'boss']);
    expect(await role.exited).toBe(1);
    expect(role.output().stderr.trim()).toMatch(
      /^Invalid option: --role must be one of all, api, worker/,
    );
  });

  it('drains on SIGTERM: the in-flight request completes and the process exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const run = runMain({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: tempDataDir(),
      WEB_DIST_DIR: fakeWebDist(),
    });
    await waitForReady(url, run.exited);
    // Start a registration and send half its body; signal while the server is waiting for the
    // rest (the pauses only make sure the headers were read), then finish it. The server must
    // complete that in-flight request before exiting.
    const body = JSON.stringify({
      email: 'drain@example.com',
      password: PASSWORD,
      displayName: 'Drain',
    });
    const half = Math.floor(body.length / 2);
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        `${url}/trpc/auth.register`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, half));
      setTimeout(() => {
        run.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(half)), 300);
      }, 300);
    });
    expect(response.status, response.body).toBe(200);
    expect(await run.exited).toBe(0);
  });

  it('keeps users in the embedded database across restarts', async () => {
    const dataDir = tempDataDir();
    const parsed = parseEnv({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      WEB_DIST_DIR: fakeWebDist(),
    });
    if (!parsed.ok) throw new Error(parsed.message);

    const first = await createApp({ env: parsed.env });
    expect(first.database.backend).toBe('pglite');
    const firstUrl = await first.listen(0, '127.0.0.1');
    const registered = await trpc(firstUrl, 'auth.register', {
      input: { email: 'persist@example.com', password: PASSWORD, displayName: 'Persist' },
    });
    expect(registered.status).toBe(200);
    await first.close();

    const second = await createApp({ env: parsed.env });
    try {
      const secondUrl = await second.listen(0, '127.0.0.1');
      const login = await trpc(secondUrl, 'auth.login', {
        input: { email: 'persist@example.com', password: PASSWORD },
      });
      expect(login.status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
