/**
 * Postgres restarted under load: a private PostgreSQL server (initdb into a scratch folder) is
 * stopped while tasks run and stream, and started again. During the outage `/readyz` must say
 * not ready and requests must fail fast with a clear 503; afterwards everything must recover by
 * itself (readiness, requests, new tasks) within 10 s, and no task may be lost.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCapeClient } from '@capecontrol/client';
import { GUIDE_AGENT_ID } from '@capecontrol/schema';
import pg from 'pg';
import { chaosEnv, freePort, registerUsers, sleep, slowModel } from './chaos-common';
import { bundleServer, startServerProcess, type ServerProcess } from './processes';

export interface PostgresChaosOptions {
  redisUrl: string;
  redisKeyPrefix: string;
  tasks: number;
  /** How long Postgres stays down (default 3 s). */
  downMs?: number;
  log?: (line: string) => void;
}

export interface PostgresChaosReport {
  scenario: 'postgres-restart';
  tasks: number;
  succeeded: number;
  failed: number;
  lost: number;
  downMs: number;
  /** `/readyz` status codes seen during the outage. */
  readyzDuringOutage: number[];
  /** Status and code of a request made during the outage, and how long it took. */
  requestDuringOutage: { status: number; code: string | null; ms: number };
  /** From Postgres accepting connections again to `/readyz` 200 and an authenticated read. */
  recoveryMs: number;
  /** From Postgres back to a task created after the outage having finished. */
  newTaskMs: number;
  durationMs: number;
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`))
        : resolve(stdout),
    ),
  );
}

/** The PostgreSQL server binaries: PG_BIN_DIR, else Debian's /usr/lib/postgresql/<newest>/bin. */
function postgresBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((version) => join(root, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error('PostgreSQL server binaries not found: set PG_BIN_DIR');
  return found;
}

/** A throwaway PostgreSQL server (as the `postgres` user when we are root: initdb refuses root). */
class PrivatePostgres {
  private readonly dir = mkdtempSync(join(tmpdir(), 'cape-chaos-pg-'));
  private readonly bin = postgresBinDir();
  private readonly asRoot = process.getuid?.() === 0;
  constructor(readonly port: number) {}

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private exec(tool: string, args: string[]) {
    const path = join(this.bin, tool);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', path, ...args]) : run(path, args);
  }

  async init() {
    if (this.asRoot) {
      const { uid, gid } = await run('id', ['-u', 'postgres']).then(async (uidText) => ({
        uid: Number(uidText.trim()),
        gid: Number((await run('id', ['-g', 'postgres'])).trim()),
      }));
      chownSync(this.dir, uid, gid);
    }
    await this.exec('initdb', [
      '-D',
      join(this.dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
  }

  start() {
    return this.exec('pg_ctl', [
      '-D',
      join(this.dir, 'data'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      join(this.dir, 'log'),
      '-w',
      'start',
    ]);
  }

  stop() {
    return this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async destroy() {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function postgresRestart(options: PostgresChaosOptions): Promise<PostgresChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const downMs = options.downMs ?? 3_000;
  const postgres = new PrivatePostgres(await freePort());
  await postgres.init();
  await postgres.start();
  const fake = await slowModel(30, 40);
  const env = chaosEnv({ ...options, databaseUrl: postgres.url, model: fake, leaseMs: 2_000 });
  const entry = await bundleServer('chaos');
  const processes: ServerProcess[] = [];
  try {
    // CHAOS_VERBOSE=1 shows the processes' own logs.
    const onLine = process.env.CHAOS_VERBOSE ? (line: string) => log(line) : undefined;
    const api = await startServerProcess({ role: 'api', env, entry, label: 'api', onLine });
    processes.push(api);
    processes.push(
      await startServerProcess({ role: 'worker', env, entry, label: 'worker', onLine }),
    );
    const [token = ''] = await registerUsers(api.url, 1, `pg-${options.redisKeyPrefix}`);
    const client = createCapeClient({ url: api.url, accessToken: token });
    const taskIds: string[] = [];
    for (let index = 0; index < options.tasks; index += 1) {
      const task = await client.task.create.mutate({
        agent: GUIDE_AGENT_ID,
        input: { question: `How do I publish an agent? (${index})` },
      });
      taskIds.push(task.id);
    }
    await sleep(1_500);

    log(`stopping Postgres for ${downMs} ms with ${taskIds.length} tasks in flight`);
    await postgres.stop();
    const readyzDuringOutage: number[] = [];
    let requestDuringOutage = { status: 0, code: null as string | null, ms: 0 };
    const outageEnds = Date.now() + downMs;
    while (Date.now() < outageEnds) {
      readyzDuringOutage.push((await fetch(`${api.url}/readyz`)).status);
      const before = performance.now();
      const response = await fetch(`${api.url}/trpc/auth.me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { error?: { data?: { code?: string } } };
      const ms = Math.round(performance.now() - before);
      if (ms >= requestDuringOutage.ms)
        requestDuringOutage = { status: response.status, code: body.error?.data?.code ?? null, ms };
      await sleep(250);
    }

    await postgres.start();
    const back = Date.now();
    log('Postgres is back');
    for (;;) {
      const ready = await fetch(`${api.url}/readyz`).then((response) => response.status);
      const me = await fetch(`${api.url}/trpc/auth.me`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((response) => response.status);
      if (ready === 200 && me === 200) break;
      if (Date.now() - back > 60_000) throw new Error('did not recover within 60 s');
      await sleep(100);
    }
    const recoveryMs = Date.now() - back;
    fake.enqueue({ kind: 'stream', tokens: ['Recovered', '.'] });
    const fresh = await client.task.create.mutate({
      agent: GUIDE_AGENT_ID,
      input: { question: 'Are we back?' },
    });
    for (;;) {
      const task = await client.task.get.query({ id: fresh.id });
      if (['succeeded', 'failed', 'cancelled', 'timed_out'].includes(task.status)) break;
      if (Date.now() - back > 60_000) throw new Error('a new task did not finish within 60 s');
      await sleep(100);
    }
    const newTaskMs = Date.now() - back;

    const db = new pg.Pool({ connectionString: postgres.url, max: 1 });
    db.on('error', () => undefined);
    let counts: Record<string, number> = {};
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(250)) {
      const { rows } = await db.query<{ status: string; n: string }>(
        'select status, count(*) as n from tasks where id = any($1::uuid[]) group by status',
        [taskIds],
      );
      counts = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
      if ((counts.queued ?? 0) + (counts.running ?? 0) === 0) break;
    }
    await db.end();
    const terminal = ['succeeded', 'failed', 'cancelled', 'timed_out'].reduce(
      (sum, status) => sum + (counts[status] ?? 0),
      0,
    );
    return {
      scenario: 'postgres-restart',
      tasks: taskIds.length,
      succeeded: counts.succeeded ?? 0,
      failed: counts.failed ?? 0,
      lost: taskIds.length - terminal,
      downMs,
      readyzDuringOutage: [...new Set(readyzDuringOutage)],
      requestDuringOutage,
      recoveryMs,
      newTaskMs,
      durationMs: Date.now() - started,
    };
  } finally {
    await Promise.all(processes.map((process) => process.stop(10_000)));
    await fake.close();
    await postgres.destroy();
  }
}
