import { randomUUID } from 'node:crypto';
import { openCapeQueue } from './lib/cape-queue';
import { openGraphileQueue } from './lib/graphile-queue';
import { sleep } from './lib/marks';
import type { ScratchServer } from './lib/scratch';
import {
  summarizeLatency,
  summarizeRepeats,
  percentile,
  type LatencySummary,
  type RepeatSummary,
} from './lib/stats';

/**
 * Enqueue-to-start latency with an idle worker: from the start of the enqueue call (createTask
 * / graphile-worker's addJob) to the first line of the agent's run() / the task handler, one
 * task at a time. Each sample waits for the task to finish and then `gapMs`, so the worker is
 * idle (blocked on LISTEN) when the next task arrives.
 */
export interface QueueLatencyOptions {
  samples: number;
  warmup: number;
  repeats: number;
  /** Samples of one variant in a row before switching to the next. */
  block: number;
  gapMs: number;
  poolSize: number;
}

export type LatencyVariant = 'capecontrol-notify' | 'capecontrol-local' | 'graphile-worker';

export interface LatencyVariantResult {
  label: string;
  /** Enqueue call start → run()/handler start, ms. */
  latency: LatencySummary;
  /** How long the enqueue call itself took, ms. */
  enqueueCall: LatencySummary;
  /** p50 of each repeat, for the spread. */
  p50ByRepeat: RepeatSummary;
  p99ByRepeat: RepeatSummary;
  /** This variant's p50 ÷ graphile-worker's p50, within each repeat. */
  p50RatioByRepeat: RepeatSummary;
}

export interface QueueLatencyResult {
  options: QueueLatencyOptions;
  variants: Record<LatencyVariant, LatencyVariantResult>;
}

const LABELS: Record<LatencyVariant, string> = {
  'capecontrol-notify': 'CapeControl createTask → run(), woken by Postgres NOTIFY',
  'capecontrol-local': 'CapeControl createTask → run(), one process (handed to the idle worker)',
  'graphile-worker': 'graphile-worker addJob → handler (defaults, LISTEN/NOTIFY)',
};

export async function benchQueueLatency(
  scratch: ScratchServer,
  templates: { cape: string; graphile: string },
  options: QueueLatencyOptions,
  log: (line: string) => void,
): Promise<QueueLatencyResult> {
  const capeDb = await scratch.create('latency_cape', templates.cape);
  const graphileDb = await scratch.create('latency_graphile', templates.graphile);
  const cape = await openCapeQueue({ url: capeDb.url, concurrency: 1, poolSize: options.poolSize });
  // graphile-worker's defaults (concurrency 1, poll 2 s, LISTEN/NOTIFY); the pool as ours.
  const graphile = await openGraphileQueue({
    url: graphileDb.url,
    concurrency: 1,
    poolSize: options.poolSize,
  });
  try {
    await cape.startWorker();
    await graphile.startRunner();
    // Let both runners finish their start-up queries and block on LISTEN.
    await sleep(200);

    const sample: Record<LatencyVariant, () => Promise<{ latency: number; call: number }>> = {
      'capecontrol-notify': () => capeSample('postgres'),
      'capecontrol-local': () => capeSample('local'),
      'graphile-worker': async () => {
        const id = randomUUID();
        const begin = performance.now();
        await graphile.enqueue(id);
        const returned = performance.now();
        const started = await graphile.starts.wait(id);
        await graphile.completes.wait(id);
        await sleep(options.gapMs);
        return { latency: started - begin, call: returned - begin };
      },
    };
    async function capeSample(via: 'postgres' | 'local') {
      const begin = performance.now();
      const id = await cape.enqueue(via);
      const returned = performance.now();
      const started = await cape.starts.wait(id);
      await cape.finishes.wait(id);
      await sleep(options.gapMs);
      return { latency: started - begin, call: returned - begin };
    }

    const variants = Object.keys(sample) as LatencyVariant[];
    log(`  warm-up: ${options.warmup} samples of each`);
    for (let index = 0; index < options.warmup; index += 1) {
      for (const variant of variants) await sample[variant]();
    }

    const collected = Object.fromEntries(
      variants.map((variant) => [variant, { latency: [] as number[][], call: [] as number[] }]),
    ) as Record<LatencyVariant, { latency: number[][]; call: number[] }>;
    const perRepeat = Math.ceil(options.samples / options.repeats);
    let round = 0;
    for (let repeat = 0; repeat < options.repeats; repeat += 1) {
      for (const variant of variants) collected[variant].latency.push([]);
      for (let done = 0; done < perRepeat; done += options.block) {
        // Rotate the order every round so no variant always follows the same one.
        const order = variants.map((_, index) => variants[(index + round) % variants.length]!);
        round += 1;
        for (const variant of order) {
          const count = Math.min(options.block, perRepeat - done);
          for (let index = 0; index < count; index += 1) {
            const { latency, call } = await sample[variant]();
            collected[variant].latency.at(-1)!.push(latency);
            collected[variant].call.push(call);
          }
        }
      }
      const line = variants
        .map((variant) => {
          const values = collected[variant].latency.at(-1)!;
          return `${variant} p50 ${percentile(values, 50).toFixed(2)} ms`;
        })
        .join(', ');
      log(`  repeat ${repeat + 1}/${options.repeats}: ${line}`);
    }

    const result = {} as Record<LatencyVariant, LatencyVariantResult>;
    const baselineP50s = collected['graphile-worker'].latency.map((values) =>
      percentile(values, 50),
    );
    for (const variant of variants) {
      const { latency, call } = collected[variant];
      result[variant] = {
        label: LABELS[variant],
        latency: summarizeLatency(latency.flat()),
        enqueueCall: summarizeLatency(call),
        p50ByRepeat: summarizeRepeats(latency.map((values) => percentile(values, 50))),
        p99ByRepeat: summarizeRepeats(latency.map((values) => percentile(values, 99))),
        p50RatioByRepeat: summarizeRepeats(
          latency.map((values, index) => percentile(values, 50) / baselineP50s[index]!),
        ),
      };
    }
    return { options, variants: result };
  } finally {
    await cape.close();
    await graphile.close();
    await scratch.drop(capeDb.name);
    await scratch.drop(graphileDb.name);
  }
}
