import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { openCapeQueue } from './lib/cape-queue';
import { graphileBatchingPreset, openGraphileQueue } from './lib/graphile-queue';
import { sleep } from './lib/marks';
import type { ScratchServer } from './lib/scratch';
import { summarizeRepeats, type RepeatSummary } from './lib/stats';

/**
 * No-op task throughput: K tasks are enqueued while no worker runs, then one worker with
 * concurrency C starts; the rate is K / (last completion − first run() start). Each repeat uses
 * fresh databases cloned from migrated templates; the systems alternate.
 */
export interface QueueThroughputOptions {
  tasks: number;
  concurrency: number;
  poolSize: number;
  repeats: number;
  /** Also run graphile-worker with its documented batching preset. */
  graphileBatching: boolean;
}

export type ThroughputVariant = 'capecontrol' | 'graphile-worker' | 'graphile-worker-batching';

export interface ThroughputVariantResult {
  label: string;
  /** Tasks per second, one value per repeat. */
  tasksPerSecond: RepeatSummary;
  /** Rows written per task, checked after each repeat (CapeControl only). */
  rowsPerTask?: { taskEvents: number; runs: number; auditEvents: number };
}

export interface QueueThroughputResult {
  options: QueueThroughputOptions;
  variants: Partial<Record<ThroughputVariant, ThroughputVariantResult>>;
  /** CapeControl ÷ graphile-worker (defaults) within each repeat: robust to load that drifts. */
  pairedRatio: RepeatSummary;
}

const LABELS: Record<ThroughputVariant, string> = {
  capecontrol: 'CapeControl TaskWorker, noopAgent (events, runs row, audit rows)',
  'graphile-worker': 'graphile-worker, no-op handler (defaults + pool size)',
  'graphile-worker-batching':
    'graphile-worker, no-op handler, documented batching preset (localQueue 500, batch delays 0)',
};

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 300_000,
) {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

async function runCape(
  scratch: ScratchServer,
  template: string,
  options: QueueThroughputOptions,
): Promise<{ rate: number; rows: { taskEvents: number; runs: number; auditEvents: number } }> {
  const db = await scratch.create('tput_cape', template);
  const cape = await openCapeQueue({
    url: db.url,
    concurrency: options.concurrency,
    poolSize: options.poolSize,
  });
  try {
    // Enqueue through createTask, C at a time, before any worker runs.
    let next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < options.tasks) {
          next += 1;
          await cape.enqueue('local');
        }
      }),
    );
    await cape.startWorker();
    await waitFor(() => cape.finishes.size >= options.tasks, 'CapeControl tasks');
    const first = Math.min(...cape.starts.values());
    const last = Math.max(...cape.finishes.values());
    const counts = await sql<{ succeeded: number; events: number; runs: number; audit: number }>`
      select
        (select count(*)::int from tasks where status = 'succeeded') as succeeded,
        (select count(*)::int from task_events) as events,
        (select count(*)::int from runs where status = 'succeeded') as runs,
        (select count(*)::int from audit_events where target_type = 'task') as audit
    `.execute(cape.database.db);
    const row = counts.rows[0]!;
    if (row.succeeded !== options.tasks || row.runs !== options.tasks) {
      throw new Error(
        `expected ${options.tasks} succeeded tasks and steps, found ${JSON.stringify(row)}`,
      );
    }
    return {
      rate: options.tasks / ((last - first) / 1000),
      rows: {
        taskEvents: row.events / options.tasks,
        runs: row.runs / options.tasks,
        auditEvents: row.audit / options.tasks,
      },
    };
  } finally {
    await cape.close();
    await scratch.drop(db.name);
  }
}

async function runGraphile(
  scratch: ScratchServer,
  template: string,
  options: QueueThroughputOptions,
  preset?: Record<string, unknown>,
): Promise<number> {
  const db = await scratch.create('tput_graphile', template);
  const graphile = await openGraphileQueue({
    url: db.url,
    concurrency: options.concurrency,
    poolSize: options.poolSize,
    ...(preset ? { preset } : {}),
  });
  try {
    await graphile.enqueueMany(Array.from({ length: options.tasks }, () => randomUUID()));
    await graphile.startRunner();
    await waitFor(() => graphile.completes.size >= options.tasks, 'graphile-worker jobs');
    // job:complete fires before the completion query commits: the end is when the table is empty.
    await waitFor(async () => (await graphile.remaining()) === 0, 'graphile-worker completions');
    const last = performance.now();
    const first = Math.min(...graphile.starts.values());
    return options.tasks / ((last - first) / 1000);
  } finally {
    await graphile.close();
    await scratch.drop(db.name);
  }
}

export async function benchQueueThroughput(
  scratch: ScratchServer,
  templates: { cape: string; graphile: string },
  options: QueueThroughputOptions,
  log: (line: string) => void,
): Promise<QueueThroughputResult> {
  const rates: Record<ThroughputVariant, number[]> = {
    capecontrol: [],
    'graphile-worker': [],
    'graphile-worker-batching': [],
  };
  let rows: ThroughputVariantResult['rowsPerTask'];
  const variants: ThroughputVariant[] = ['capecontrol', 'graphile-worker'];
  if (options.graphileBatching) variants.push('graphile-worker-batching');
  for (let repeat = 0; repeat < options.repeats; repeat += 1) {
    const order = variants.map((_, index) => variants[(index + repeat) % variants.length]!);
    const line: string[] = [];
    for (const variant of order) {
      if (variant === 'capecontrol') {
        const result = await runCape(scratch, templates.cape, options);
        rates.capecontrol.push(result.rate);
        rows = result.rows;
      } else {
        rates[variant].push(
          await runGraphile(
            scratch,
            templates.graphile,
            options,
            variant === 'graphile-worker-batching' ? graphileBatchingPreset : undefined,
          ),
        );
      }
      line.push(`${variant} ${Math.round(rates[variant].at(-1)!)}/s`);
    }
    log(`  repeat ${repeat + 1}/${options.repeats}: ${line.join(', ')}`);
  }
  const result: QueueThroughputResult['variants'] = {};
  for (const variant of variants) {
    result[variant] = {
      label: LABELS[variant],
      tasksPerSecond: summarizeRepeats(rates[variant]),
      ...(variant === 'capecontrol' && rows ? { rowsPerTask: rows } : {}),
    };
  }
  const pairedRatio = summarizeRepeats(
    rates.capecontrol.map((rate, index) => rate / rates['graphile-worker'][index]!),
  );
  return { options, variants: result, pairedRatio };
}
