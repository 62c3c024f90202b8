/**
 * Stream faults: subscribers follow tasks while the infrastructure under them fails, and each
 * subscriber's transcript must equal the task's stored event log exactly.
 * - `rollingRestart`: every process of a 2 API + 2 worker cluster is restarted in turn (SIGTERM,
 *   drain, start again on the same port) while tasks run and stream.
 * - `redisOutage`: the Redis server the processes share is stopped mid-stream and started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { GUIDE_AGENT_ID, type TaskEvent } from '@capecontrol/schema';
import pg from 'pg';
import { chaosEnv, freePort, registerUsers, sleep, slowModel } from './chaos-common';
import { bundleServer, startServerProcess, type ServerProcess } from './processes';

export interface StreamChaosOptions {
  databaseUrl: string;
  /** Used by the rolling restart; the Redis outage starts a private redis-server. */
  redisUrl: string;
  redisKeyPrefix: string;
  tasks: number;
  users?: number;
  log?: (line: string) => void;
}

export interface StreamChaosReport {
  scenario: 'rolling-restart' | 'redis-outage';
  tasks: number;
  succeeded: number;
  /** Not terminal at the end. */
  lost: number;
  /** Transcripts that differ from the stored log (gap, duplicate, wrong order). */
  mismatchedTranscripts: number;
  /** How many times subscribers had to reconnect. */
  reconnects: number;
  /** Processes restarted (rolling) or seconds Redis was down (outage). */
  disruption: string;
  durationMs: number;
}

/**
 * Follows a task to its terminal event, reconnecting with `lastEventId` (round-robin over
 * `clients`) whenever the connection fails or ends early, until `giveUpAt`.
 */
function followResumable(
  clients: CapeClient[],
  taskId: string,
  giveUpAt: number,
): Promise<{ events: TaskEvent[]; reconnects: number }> {
  const events: TaskEvent[] = [];
  let reconnects = 0;
  return new Promise((resolve, reject) => {
    const connect = (attempt: number) => {
      if (Date.now() > giveUpAt) {
        reject(new Error(`gave up following ${taskId} after ${reconnects} reconnects`));
        return;
      }
      const client = clients[attempt % clients.length] as CapeClient;
      const lastEventId = events.at(-1)?.id;
      let over = false;
      let opened = false;
      // Assigned below; the callbacks may run before `subscribe` returns.
      // eslint-disable-next-line prefer-const
      let subscription: { unsubscribe(): void } | undefined;
      const retry = () => {
        if (over) return;
        over = true;
        setTimeout(() => subscription?.unsubscribe());
        reconnects += 1;
        setTimeout(() => connect(attempt + 1), 200);
      };
      subscription = client.task.stream.subscribe(
        { id: taskId, ...(lastEventId ? { lastEventId } : {}) },
        {
          onData: ({ data }) => {
            if (over) return;
            events.push(data as TaskEvent);
            if (data.type === 'terminal') {
              over = true;
              setTimeout(() => subscription?.unsubscribe());
              resolve({ events, reconnects });
            }
          },
          onError: retry,
          onComplete: retry,
          onStopped: retry,
          // The SSE link retries by itself on a dropped connection; we move to another process
          // instead, so that a process that is down for good cannot hold a subscriber.
          onConnectionStateChange: (state: { state: string }) => {
            if (state.state === 'pending') opened = true;
            else if (state.state === 'connecting' && opened) retry();
          },
        },
      );
    };
    connect(0);
  });
}

async function compareWithLog(
  db: pg.Pool,
  transcripts: Map<string, TaskEvent[]>,
): Promise<{ mismatched: number; succeeded: number; lost: number }> {
  let mismatched = 0;
  for (const [taskId, events] of transcripts) {
    const { rows } = await db.query<{ id: number; type: string }>(
      'select id, type from task_events where task_id = $1 order by id',
      [taskId],
    );
    const stored = rows.map((row) => `${row.id}:${row.type}`).join(',');
    const seen = events.map((event) => `${event.id}:${event.type}`).join(',');
    if (stored !== seen) mismatched += 1;
  }
  const ids = [...transcripts.keys()];
  const { rows } = await db.query<{ status: string; n: string }>(
    'select status, count(*) as n from tasks where id = any($1::uuid[]) group by status',
    [ids],
  );
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  const terminal = ['succeeded', 'failed', 'cancelled', 'timed_out'].reduce(
    (sum, status) => sum + count(status),
    0,
  );
  return { mismatched, succeeded: count('succeeded'), lost: ids.length - terminal };
}

interface Rig {
  env: Record<string, string>;
  entry: { file: string };
  db: pg.Pool;
  close(): Promise<void>;
}

async function rig(options: StreamChaosOptions, redisUrl: string): Promise<Rig> {
  // Answers of ~2 s (40 tokens, 50 ms apart): streams are open when the faults hit.
  const fake = await slowModel(40, 50);
  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  db.on('error', () => undefined);
  return {
    env: chaosEnv({ ...options, redisUrl, model: fake, leaseMs: 2_000 }),
    entry: await bundleServer('chaos'),
    db,
    close: async () => {
      await fake.close();
      await db.end();
    },
  };
}

/** Starts these processes, one after the other (the first applies any migration). */
async function startAll(
  setup: Rig,
  slots: { label: string; role: 'api' | 'worker'; port?: number }[],
): Promise<ServerProcess[]> {
  const started: ServerProcess[] = [];
  for (const slot of slots)
    started.push(await startServerProcess({ ...slot, env: setup.env, entry: setup.entry }));
  return started;
}

async function createAndFollow(
  apiUrls: string[],
  tokens: string[],
  tasks: number,
  label: string,
): Promise<{ transcripts: Promise<Map<string, TaskEvent[]>>; reconnects: () => number }> {
  let reconnects = 0;
  const followers: Promise<[string, TaskEvent[]]>[] = [];
  for (let index = 0; index < tasks; index += 1) {
    const token = tokens[index % tokens.length] as string;
    // Each subscriber starts on its own API process and moves on when that one goes away.
    const clients = apiUrls.map((_, offset) =>
      createCapeClient({
        url: apiUrls[(index + offset) % apiUrls.length] as string,
        accessToken: token,
      }),
    );
    const task = await (clients[0] as CapeClient).task.create.mutate({
      agent: GUIDE_AGENT_ID,
      input: { question: `How do I run a task and follow its stream? (${label} ${index})` },
    });
    followers.push(
      followResumable(clients, task.id, Date.now() + 240_000).then((result) => {
        reconnects += result.reconnects;
        return [task.id, result.events];
      }),
    );
  }
  return {
    transcripts: Promise.all(followers).then((entries) => new Map(entries)),
    reconnects: () => reconnects,
  };
}

/** The processes of each scenario: two API processes and two workers. */
const CLUSTER = [
  { label: 'api-1', role: 'api' },
  { label: 'api-2', role: 'api' },
  { label: 'worker-1', role: 'worker' },
  { label: 'worker-2', role: 'worker' },
] as const;

/** Starts the cluster, registers users and starts `tasks` followed tasks. */
async function loadCluster(
  options: StreamChaosOptions,
  setup: Rig,
  label: string,
  apiPorts: number[] = [],
) {
  const processes = await startAll(
    setup,
    CLUSTER.map((slot, index) => ({ ...slot, port: apiPorts[index] ?? 0 })),
  );
  const apiUrls = processes
    .filter((process) => process.role === 'api')
    .map((process) => process.url);
  const tokens = await registerUsers(
    apiUrls[0] as string,
    options.users ?? 4,
    options.redisKeyPrefix,
  );
  const run = await createAndFollow(apiUrls, tokens, options.tasks, label);
  return { processes, run };
}

async function report(
  setup: Rig,
  run: Awaited<ReturnType<typeof createAndFollow>>,
  scenario: StreamChaosReport['scenario'],
  disruption: string,
  started: number,
): Promise<StreamChaosReport> {
  const transcripts = await run.transcripts;
  const outcome = await compareWithLog(setup.db, transcripts);
  return {
    scenario,
    tasks: transcripts.size,
    succeeded: outcome.succeeded,
    lost: outcome.lost,
    mismatchedTranscripts: outcome.mismatched,
    reconnects: run.reconnects(),
    disruption,
    durationMs: Date.now() - started,
  };
}

/** Restarts every process of a 2 API + 2 worker cluster in turn while tasks stream. */
export async function rollingRestart(options: StreamChaosOptions): Promise<StreamChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const setup = await rig(options, options.redisUrl);
  // API processes come back on the same ports, as behind a load balancer.
  const apiPorts = [await freePort(), await freePort()];
  let processes: ServerProcess[] = [];
  try {
    const loaded = await loadCluster(options, setup, 'rolling', apiPorts);
    processes = loaded.processes;
    log(`${options.tasks} tasks streaming; restarting every process in turn`);
    for (const [index, slot] of CLUSTER.entries()) {
      await sleep(1_000);
      const status = await processes[index]?.stop(15_000);
      log(`${slot.label} stopped (exit ${String(status?.code)}); starting it again`);
      const [restarted] = await startAll(setup, [{ ...slot, port: apiPorts[index] ?? 0 }]);
      if (restarted) processes[index] = restarted;
    }
    return await report(
      setup,
      loaded.run,
      'rolling-restart',
      `${CLUSTER.length} processes restarted`,
      started,
    );
  } finally {
    await Promise.all(processes.map((process) => process.stop(10_000)));
    await setup.close();
  }
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${String(code)}): ${output}`)),
    );
  });
}

/** Stops the shared Redis for `downMs` while tasks stream, then starts it again. */
export async function redisOutage(
  options: StreamChaosOptions & { downMs?: number },
): Promise<StreamChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const port = await freePort();
  let redis = await startRedis(port);
  const setup = await rig(options, `redis://127.0.0.1:${port}`);
  let processes: ServerProcess[] = [];
  try {
    const loaded = await loadCluster(options, setup, 'redis');
    processes = loaded.processes;
    await sleep(1_500);
    const downMs = options.downMs ?? 5_000;
    log(`stopping Redis for ${downMs} ms mid-stream`);
    redis.kill('SIGKILL');
    await sleep(downMs);
    redis = await startRedis(port);
    log('Redis is back');
    return await report(setup, loaded.run, 'redis-outage', `Redis down ${downMs} ms`, started);
  } finally {
    await Promise.all(processes.map((process) => process.stop(10_000)));
    redis.kill('SIGKILL');
    await setup.close();
  }
}
