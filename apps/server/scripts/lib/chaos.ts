/**
 * Worker chaos: a batch of multi-step tasks runs on worker processes that are killed with
 * SIGKILL at random (and replaced), then the stored state is checked: every task terminal, none
 * lost, none completed twice, each step's effect recorded once, every event log gap-free.
 * Used by `npm run chaos` (full figures for BENCHMARKS.md) and by CI's smoke test.
 */
import { mulberry32 } from '@capecontrol/api/testing';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { GUIDE_AGENT_ID } from '@capecontrol/schema';
import pg from 'pg';
import { chaosEnv, registerUsers, sleep, slowModel } from './chaos-common';
import { bundleServer, startServerProcess, type ServerProcess } from './processes';

export interface ChaosOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Keeps this run's Redis keys apart from anything else on the server. */
  redisKeyPrefix: string;
  tasks: number;
  /** How many SIGKILLs, spread over the run. */
  kills: number;
  workers: number;
  /** Pause between kills (a random time in [0.5, 1.5] × this). */
  killEveryMs: number;
  users?: number;
  /** Lease length for the workers: a killed worker's tasks are re-claimed after it. */
  leaseMs?: number;
  /** Default: a fresh bundle of the source (see `bundleServer`). */
  entry?: 'dist' | 'source' | { file: string };
  /** How long to wait for every task to end once the kills are over (default 180 s). */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
  /** Seed of the random choices (which worker dies, when). */
  seed?: number;
}

export interface ChaosReport {
  tasks: number;
  kills: number;
  workersStarted: number;
  succeeded: number;
  failed: number;
  otherTerminal: number;
  /** Not terminal when the run gave up waiting. */
  lost: number;
  /** Tasks with more than one terminal audit row or terminal event. */
  doubleCompleted: number;
  /** Steps whose successful run was recorded more than once. */
  duplicateSteps: number;
  /** Tasks whose event ids are not exactly 1..n. */
  eventLogGaps: number;
  /** `task.reclaim` audit rows: leases taken over from dead workers. */
  reclaims: number;
  /** Tasks that needed more than one attempt. */
  retriedTasks: number;
  durationMs: number;
  /** Enqueue → terminal, over all tasks. */
  completionMs: { p50: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = mulberry32(options.seed ?? 42);
  // Answers that take a while, so kills land mid-step: 20 tokens, 15 ms apart.
  const fake = await slowModel(20, 15);
  const env = chaosEnv({ ...options, model: fake, leaseMs: options.leaseMs ?? 1_000 });
  const entry = options.entry ?? (await bundleServer('chaos'));
  const db = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  // An idle connection closed by the server (the scratch database being dropped) is not an error.
  db.on('error', () => undefined);
  const started = Date.now();
  const processes: ServerProcess[] = [];
  let workersStarted = 0;
  const startWorker = async () => {
    workersStarted += 1;
    const worker = await startServerProcess({
      role: 'worker',
      env,
      entry,
      label: `worker-${workersStarted}`,
    });
    processes.push(worker);
    return worker;
  };

  try {
    const api = await startServerProcess({
      role: 'api',
      env,
      entry,
      label: 'api',
    });
    processes.push(api);
    const live = await Promise.all(Array.from({ length: options.workers }, () => startWorker()));
    log(`api ${api.url}; ${live.length} workers up`);

    const tokens = await registerUsers(api.url, options.users ?? 4, options.redisKeyPrefix);
    const clients = tokens.map((accessToken) => createCapeClient({ url: api.url, accessToken }));

    // Tasks are created in waves over the whole kill period, so kills hit every phase of a task.
    const period = options.kills * options.killEveryMs;
    const taskIds: string[] = [];
    const creating = (async () => {
      const waves = Math.max(1, Math.min(options.tasks, Math.ceil(period / 250)));
      for (let wave = 0; wave < waves; wave += 1) {
        const from = Math.floor((wave * options.tasks) / waves);
        const to = Math.floor(((wave + 1) * options.tasks) / waves);
        const created = await Promise.all(
          Array.from({ length: to - from }, (_, offset) => {
            const index = from + offset;
            const client = clients[index % clients.length] as CapeClient;
            return client.task.create.mutate({
              agent: GUIDE_AGENT_ID,
              input: { question: `How do I publish an agent with dependencies? (${index})` },
              idempotencyKey: `chaos-${options.redisKeyPrefix}-${index}`,
            });
          }),
        );
        taskIds.push(...created.map((task) => task.id));
        await sleep(period / waves);
      }
    })();

    // A killed worker is replaced at once, in the background: the next kill does not wait
    // for its start-up, so several replacements may be starting while tasks run elsewhere.
    let kills = 0;
    const ready = new Set(live);
    const replacements: Promise<void>[] = [];
    while (kills < options.kills) {
      await sleep(options.killEveryMs * (0.5 + random()));
      const candidates = [...ready];
      const victim = candidates[Math.floor(random() * candidates.length)];
      if (!victim) {
        await Promise.race(replacements);
        continue;
      }
      ready.delete(victim);
      await victim.kill();
      kills += 1;
      log(`kill ${kills}/${options.kills}: ${victim.label} (pid ${victim.pid})`);
      replacements.push(startWorker().then((worker) => void ready.add(worker)));
    }
    await Promise.all(replacements);
    await creating;
    log(`${taskIds.length} tasks created; waiting for every task to end`);

    const deadline = Date.now() + (options.settleTimeoutMs ?? 180_000);
    let lastProgress = Date.now();
    for (;;) {
      const { rows } = await db.query<{ open: string }>(
        `select count(*) as open from tasks where id = any($1::uuid[])
           and status not in ('succeeded', 'failed', 'cancelled', 'timed_out')`,
        [taskIds],
      );
      const open = Number(rows[0]?.open ?? 0);
      if (open === 0 || Date.now() > deadline) break;
      if (Date.now() - lastProgress >= 5_000) {
        lastProgress = Date.now();
        log(`${open} of ${taskIds.length} tasks still open`);
      }
      await sleep(250);
    }
    const report = await inspect(db, taskIds);
    return {
      ...report,
      kills,
      workersStarted,
      durationMs: Date.now() - started,
    };
  } finally {
    await Promise.all(processes.map((process) => process.stop(10_000)));
    await fake.close();
    await db.end();
  }
}

/** Reads the outcome of a run from the database: the source of truth, not the clients. */
async function inspect(
  db: pg.Pool,
  taskIds: string[],
): Promise<Omit<ChaosReport, 'kills' | 'workersStarted' | 'durationMs'>> {
  const one = async (text: string) => {
    const { rows } = await db.query<{ n: string }>(text, [taskIds]);
    return Number(rows[0]?.n ?? 0);
  };
  const statuses = await db.query<{ status: string; n: string }>(
    `select status, count(*) as n from tasks where id = any($1::uuid[]) group by status`,
    [taskIds],
  );
  const byStatus = Object.fromEntries(statuses.rows.map((row) => [row.status, Number(row.n)]));
  const terminal = ['succeeded', 'failed', 'cancelled', 'timed_out'];
  const durations = await db.query<{ ms: number }>(
    `select extract(epoch from (finished_at - created_at)) * 1000 as ms
       from tasks where id = any($1::uuid[]) and finished_at is not null order by 1`,
    [taskIds],
  );
  const sorted = durations.rows.map((row) => Number(row.ms));
  return {
    tasks: taskIds.length,
    succeeded: byStatus.succeeded ?? 0,
    failed: byStatus.failed ?? 0,
    otherTerminal: (byStatus.cancelled ?? 0) + (byStatus.timed_out ?? 0),
    lost: taskIds.length - terminal.reduce((sum, status) => sum + (byStatus[status] ?? 0), 0),
    doubleCompleted: await one(`
      select count(*) as n from (
        select target_id from audit_events
        where target_type = 'task' and target_id = any($1::text[])
          and action in ('task.succeeded', 'task.failed', 'task.cancelled', 'task.timed_out')
        group by target_id having count(*) > 1
        union
        select task_id::text from task_events
        where task_id = any($1::uuid[]) and type = 'terminal'
        group by task_id having count(*) > 1
      ) doubled`),
    duplicateSteps: await one(`
      select count(*) as n from (
        select task_id, name from runs
        where task_id = any($1::uuid[]) and status = 'succeeded'
        group by task_id, name having count(*) > 1
      ) duplicated`),
    eventLogGaps: await one(`
      select count(*) as n from (
        select task_id from task_events where task_id = any($1::uuid[])
        group by task_id having count(*) <> max(id) or min(id) <> 1
      ) gapped`),
    reclaims: await one(`
      select count(*) as n from audit_events
      where action = 'task.reclaim' and target_id = any($1::text[])`),
    retriedTasks: await one(
      `select count(*) as n from tasks where id = any($1::uuid[]) and attempt > 1`,
    ),
    completionMs: {
      p50: Math.round(percentile(sorted, 50)),
      p99: Math.round(percentile(sorted, 99)),
      max: Math.round(sorted.at(-1) ?? 0),
    },
  };
}
