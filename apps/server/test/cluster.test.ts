import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeOpenAi, type FakeOpenAi } from '@capecontrol/api/testing';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { createTestDatabase, testEnv, type TestDatabase } from '@capecontrol/db/testing';
import { GUIDE_AGENT_ID } from '@capecontrol/schema';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, parseEnv, type App } from '../src/index';
import { fakeWebDist, registerWithBearer } from './helpers';

/**
 * Several processes on one Postgres + Redis: an API process without workers, and worker
 * processes started as `--role worker`. Needs DATABASE_URL and REDIS_URL (CI's second run).
 */
const enabled = Boolean(testEnv.DATABASE_URL && testEnv.REDIS_URL);
const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
}

let database: TestDatabase;
let fake: FakeOpenAi;
let api: App;
let client: CapeClient;
const prefix = `cape-cluster-${randomUUID().slice(0, 8)}`;
const workers: WorkerProcess[] = [];

function sharedEnv(): Record<string, string> {
  return {
    DATABASE_URL: database.url ?? '',
    REDIS_URL: testEnv.REDIS_URL ?? '',
    REDIS_KEY_PREFIX: prefix,
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'sk-cluster-test',
    LLM_MAX_RETRIES: '0',
    TASK_LEASE_MS: '1500',
    WORKER_CONCURRENCY: '4',
  };
}

/** Starts `src/main.ts --role worker` and resolves once it is serving. */
function startWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', 'worker'], {
    cwd: serverRoot,
    env: {
      PATH: process.env.PATH ?? '',
      ...sharedEnv(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('CapeControl is running')) {
        const worker = { child, pid: child.pid ?? 0, exited };
        workers.push(worker);
        resolve(worker);
      }
    });
    void exited.then((code) =>
      reject(new Error(`worker exited early (${String(code)}): ${stderr}`)),
    );
  });
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** All events of a task through the API process, until the terminal one. */
function follow(
  taskId: string,
): Promise<Array<{ id: number; type: string; status?: string; text?: string }>> {
  const events: Array<{ id: number; type: string; status?: string; text?: string }> = [];
  return new Promise((resolve, reject) => {
    const subscription = client.task.stream.subscribe(
      { id: taskId },
      {
        onData: ({ data }) => {
          events.push(data);
          if (data.type === 'terminal') {
            subscription.unsubscribe();
            resolve(events);
          }
        },
        onError: reject,
      },
    );
  });
}

describe.skipIf(!enabled)('API and worker processes on Postgres + Redis', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeOpenAi();
    const parsed = parseEnv({ ...sharedEnv(), LOG_LEVEL: 'silent', WEB_DIST_DIR: fakeWebDist() });
    if (!parsed.ok) throw new Error(parsed.message);
    api = await createApp({ env: parsed.env, database, role: 'api' });
    const url = await api.listen(0, '127.0.0.1');
    client = createCapeClient({ url, accessToken: (await registerWithBearer(url)).accessToken });
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await api?.close();
    await fake?.close();
    await database?.close();
  });

  it('streams, through the API process, a task that a separate worker process executes', async () => {
    expect(api.worker).toBeNull();
    await startWorker();
    fake.enqueue({ kind: 'stream', tokens: ['Run', ' `cape', ' publish`', ' [1].'] });
    const task = await client.agent.guide.ask.mutate({ question: 'How do I publish an agent?' });
    expect(task.answer).toBe('Run `cape publish` [1].');
    const events = await follow(task.taskId);
    expect(events.filter((event) => event.type === 'token').map((event) => event.text)).toEqual([
      'Run',
      ' `cape',
      ' publish`',
      ' [1].',
    ]);
    const row = await database.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', task.taskId)
      .where('action', '=', 'task.start')
      .executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('re-claims the tasks of a worker killed with SIGKILL; none is lost or completed twice', async () => {
    const survivor = workers[0] ?? (await startWorker());
    const victim = await startWorker();
    // Slow answers, so tasks are mid-stream when the victim dies.
    const slow = Array.from({ length: 30 }, (_, index) => ` t${index}`);
    fake.enqueue(
      ...Array.from({ length: 8 }, () => ({ kind: 'stream' as const, tokens: slow, delayMs: 60 })),
    );
    const tasks = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        client.task.create.mutate({
          agent: GUIDE_AGENT_ID,
          input: { question: `How do I publish an agent? (${index})` },
        }),
      ),
    );
    const transcripts = Promise.all(tasks.map((task) => follow(task.id)));
    // Wait until the victim is running at least one task and has streamed some of it.
    const victimTask = await waitFor<string>(async () => {
      const rows = await sql<{ id: string }>`
        select t.id from tasks t
        where t.lease_owner like ${`%:${victim.pid}:%`} and t.status = 'running'
          and exists (select 1 from task_events e where e.task_id = t.id and e.type = 'token')
        limit 1`.execute(database.db);
      return rows.rows[0]?.id;
    });
    victim.child.kill('SIGKILL');
    expect(await victim.exited).toBeNull();

    const results = await transcripts;
    for (const events of results) {
      expect(events.filter((event) => event.type === 'terminal')).toHaveLength(1);
      expect(events.at(-1), JSON.stringify(events.at(-1))).toMatchObject({
        type: 'terminal',
        status: 'succeeded',
      });
    }
    const stored = await database.db
      .selectFrom('tasks')
      .select(['id', 'status', 'attempt'])
      .where(
        'id',
        'in',
        tasks.map((task) => task.id),
      )
      .execute();
    expect(stored.every((task) => task.status === 'succeeded')).toBe(true);
    expect(stored.find((task) => task.id === victimTask)?.attempt).toBe(2);
    const reclaimed = await database.db
      .selectFrom('audit_events')
      .select('target_id')
      .where('action', '=', 'task.reclaim')
      .execute();
    expect(reclaimed.map((row) => row.target_id)).toContain(victimTask);
    // Exactly one completion per task in the audit trail.
    const completions = await database.db
      .selectFrom('audit_events')
      .select(['target_id'])
      .where('action', '=', 'task.succeeded')
      .where(
        'target_id',
        'in',
        tasks.map((task) => task.id),
      )
      .execute();
    expect(completions).toHaveLength(tasks.length);
    expect(survivor.child.exitCode).toBeNull();
  });
});
