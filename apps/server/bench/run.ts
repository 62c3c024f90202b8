/**
 * `npm run bench`: CapeControl's task queue, streaming, dependency resolver and marketplace
 * search against same-run baselines (graphile-worker on the same Postgres; the fake OpenAI
 * server called directly; a registry walk and a naive solver; the bare SQL of the same
 * searches). Prints tables and writes bench/results/latest.json. Method and results:
 * BENCHMARKS.md.
 *
 * Environment: BENCH_DATABASE_URL (a Postgres server whose user may create databases; default
 * postgres://postgres@127.0.0.1:5432/postgres), BENCH_ONLY (comma-separated: latency,
 * throughput, ttft, resolver, search, http, sse, e2e), BENCH_SCALE (multiplies sample and task counts; default 1).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchFirstToken, type FirstTokenResult } from './first-token';
import { prepareCapeTemplate } from './lib/cape-queue';
import { prepareGraphileTemplate } from './lib/graphile-queue';
import { machineFacts } from './lib/machine';
import { ms, ratio, table } from './lib/report';
import { ScratchServer } from './lib/scratch';
import { round } from './lib/stats';
import {
  formatResolverBenchmark,
  runResolverBenchmark,
  type ResolverBenchResult,
} from './resolver';
import { benchSearch, type SearchBenchResult } from './search';
import { runLoadBenchmarks } from './load';
import { benchQueueLatency, type QueueLatencyResult } from './queue-latency';
import { benchQueueThroughput, type QueueThroughputResult } from './queue-throughput';

const serverUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const only = new Set(
  (process.env.BENCH_ONLY || 'latency,throughput,ttft,resolver,search,http,sse,e2e')
    .split(',')
    .map((name) => name.trim()),
);
const scale = Number(process.env.BENCH_SCALE || 1);
const scaled = (count: number) => Math.max(1, Math.round(count * scale));
/** One pool size for both queues: graphile-worker's advice, max(10, concurrency + 2). */
const CONCURRENCY = 16;
const POOL_SIZE = CONCURRENCY + 2;

const scratch = new ScratchServer(serverUrl);
const log = (line: string) => console.log(line);
const loadAverage = () => os.loadavg().map((value) => Number(value.toFixed(2)));

interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

function latencyReport(result: QueueLatencyResult): Target[] {
  const { variants, options } = result;
  const baseline = variants['graphile-worker'];
  log(
    `\nQueue latency: enqueue call start → agent run() / task handler start, one task at a time, idle worker`,
  );
  log(
    `  ${baseline.latency.samples} samples per variant after ${options.warmup} warm-up, in blocks of ${options.block}, rotating order; spread = min–max of ${options.repeats} repeats' p50`,
  );
  log(
    table(
      [
        'variant',
        'p50',
        'p90',
        'p99',
        'p50 spread',
        'enqueue call p50',
        'p50 vs baseline',
        'per repeat',
      ],
      (['graphile-worker', 'capecontrol-notify', 'capecontrol-local'] as const).map((key) => {
        const variant = variants[key];
        return [
          variant.label,
          ms(variant.latency.p50),
          ms(variant.latency.p90),
          ms(variant.latency.p99),
          `${variant.p50ByRepeat.min.toFixed(2)}–${variant.p50ByRepeat.max.toFixed(2)}`,
          ms(variant.enqueueCall.p50),
          ratio(variant.latency.p50 / baseline.latency.p50),
          `${variant.p50RatioByRepeat.min.toFixed(2)}–${variant.p50RatioByRepeat.max.toFixed(2)}`,
        ];
      }),
    ),
  );
  const target = `≤ graphile-worker p50 (${baseline.latency.p50.toFixed(2)} ms)`;
  const measured = (key: 'capecontrol-local' | 'capecontrol-notify') => {
    const ours = variants[key].latency.p50;
    return {
      measured: `${ours.toFixed(2)} ms (${ratio(ours / baseline.latency.p50)})`,
      met: ours <= baseline.latency.p50,
    };
  };
  // graphile-worker's baseline enqueues and runs in one process, as our default server does.
  return [
    {
      name: 'enqueue-to-start p50, one process (default server)',
      target,
      ...measured('capecontrol-local'),
    },
    {
      name: 'enqueue-to-start p50, API and worker processes (NOTIFY)',
      target,
      ...measured('capecontrol-notify'),
    },
  ];
}

function throughputReport(result: QueueThroughputResult): Target[] {
  const { variants, options } = result;
  const baseline = variants['graphile-worker'];
  const ours = variants.capecontrol;
  if (!baseline || !ours) return [];
  log(
    `\nQueue throughput: ${options.tasks} no-op tasks queued, then one worker, concurrency ${options.concurrency}, pool ${options.poolSize}; first start → last completion`,
  );
  log(`  median of ${options.repeats} repeats (fresh databases each), spread = min–max`);
  log(
    table(
      ['variant', 'tasks/s (median)', 'spread', 'vs graphile-worker'],
      (['graphile-worker', 'capecontrol', 'graphile-worker-batching'] as const)
        .filter((key) => variants[key])
        .map((key) => {
          const variant = variants[key]!;
          return [
            variant.label,
            variant.tasksPerSecond.median.toFixed(0),
            `${variant.tasksPerSecond.min.toFixed(0)}–${variant.tasksPerSecond.max.toFixed(0)}`,
            ratio(variant.tasksPerSecond.median / baseline.tasksPerSecond.median),
          ];
        }),
    ),
  );
  log(
    `  CapeControl ÷ graphile-worker within each repeat: median ${ratio(result.pairedRatio.median)}, ${result.pairedRatio.min.toFixed(2)}–${result.pairedRatio.max.toFixed(2)}`,
  );
  if (ours.rowsPerTask) {
    const rows = ours.rowsPerTask;
    log(
      `  CapeControl wrote per task: ${rows.taskEvents} task_events, ${rows.runs} runs row, ${rows.auditEvents} audit_events`,
    );
  }
  const share = ours.tasksPerSecond.median / baseline.tasksPerSecond.median;
  return [
    {
      name: 'no-op throughput',
      target: `≥ 0.5 × graphile-worker (${baseline.tasksPerSecond.median.toFixed(0)}/s)`,
      measured: `${ours.tasksPerSecond.median.toFixed(0)}/s (${ratio(share)})`,
      met: share >= 0.5,
    },
  ];
}

function firstTokenReport(result: FirstTokenResult): Target[] {
  const { variants, options } = result;
  const baseline = variants.direct.firstToken;
  log(
    `\nTime to first token: call start → first token (platform) / first delta (baseline); fake OpenAI server, ${result.tokensPerAnswer}-token answers`,
  );
  log(
    `  question "${result.question}"; the Guide's model request ${result.request.bytes} bytes; ${baseline.samples} samples per variant after ${options.warmup} warm-up`,
  );
  const keys = ['direct', 'guide-in-process', 'guide-http-sse', 'llm-agent'] as const;
  log(
    table(
      ['variant', 'p50', 'p99', 'added p50', 'added p99', 'p50 spread', 'added p50 per repeat'],
      keys.map((key) => {
        const variant = variants[key];
        return [
          variant.label,
          ms(variant.firstToken.p50),
          ms(variant.firstToken.p99),
          key === 'direct' ? '' : ms(variant.firstToken.p50 - baseline.p50),
          key === 'direct' ? '' : ms(variant.firstToken.p99 - baseline.p99),
          `${variant.p50ByRepeat.min.toFixed(2)}–${variant.p50ByRepeat.max.toFixed(2)}`,
          variant.addedP50ByRepeat
            ? `${variant.addedP50ByRepeat.min.toFixed(2)}–${variant.addedP50ByRepeat.max.toFixed(2)}`
            : '',
        ];
      }),
    ),
  );
  log('  where the time goes (p50 of each phase):');
  const phases = [
    ['queue', 'call → run() starts'],
    ['retrieveWork', "Guide's retrieve step body"],
    ['runtimeBeforeModel', 'other steps → model call'],
    ['modelFirstDelta', 'model call → first delta'],
    ['deltaToSubscriber', 'first delta → subscriber'],
    ['platformOverhead', 'total − retrieve − model'],
  ] as const;
  log(
    table(
      ['phase', ...keys.slice(1)],
      phases.map(([phase, label]) => [
        label,
        ...keys.slice(1).map((key) => {
          const summary = variants[key].phases?.[phase];
          return summary ? ms(summary.p50) : '–';
        }),
      ]),
    ),
  );
  const added = variants['guide-in-process'].firstToken.p50 - baseline.p50;
  const overhead = variants['llm-agent'].firstToken.p50 - baseline.p50;
  return [
    {
      name: 'TTFT added at p50, Guide (in-process)',
      target: '≤ 5 ms',
      measured: `${added.toFixed(2)} ms`,
      met: added <= 5,
    },
    {
      name: 'TTFT added at p50, one-step LLM agent (platform only)',
      target: '≤ 5 ms',
      measured: `${overhead.toFixed(2)} ms`,
      met: overhead <= 5,
    },
  ];
}

function resolverReport(result: ResolverBenchResult): Target[] {
  log('');
  log(formatResolverBenchmark(result));
  const { resolver, ratios } = result;
  return [
    {
      name: 'resolver p95, 200-package registry with backtracking',
      target: `≤ ${result.targetP95Ms} ms`,
      measured: `${resolver.p95.toFixed(2)} ms (${ratio(ratios.resolverP95OverWalkP95)} the registry walk's p95)`,
      met: resolver.p95 <= result.targetP95Ms,
    },
  ];
}

function searchReport(result: SearchBenchResult): Target[] {
  const { variants, options, catalogue } = result;
  const ours = variants.capecontrol.latency;
  const bare = variants['bare-sql'].latency;
  log(
    `\nMarketplace search: ${result.queries.length} queries over ${catalogue.versions} agent versions (${catalogue.currentVersions} current), page of 20 with facets`,
  );
  log(
    `  ${ours.samples} samples per variant (${options.samplesPerQuery} per query per repeat, ${options.repeats} repeats) after ${options.warmupPasses} warm-up pass, order alternating; spread = min–max of the repeats' p95`,
  );
  log(
    table(
      ['variant', 'p50', 'p95', 'p99', 'p95 spread', 'p95 vs bare SQL', 'per repeat'],
      (['bare-sql', 'capecontrol'] as const).map((key) => {
        const variant = variants[key];
        return [
          variant.label,
          ms(variant.latency.p50),
          ms(variant.latency.p95),
          ms(variant.latency.p99),
          `${variant.p95ByRepeat.min.toFixed(2)}–${variant.p95ByRepeat.max.toFixed(2)}`,
          ratio(variant.latency.p95 / bare.p95),
          key === 'bare-sql'
            ? ''
            : `${result.p95RatioByRepeat.min.toFixed(2)}–${result.p95RatioByRepeat.max.toFixed(2)}`,
        ];
      }),
    ),
  );
  log('  by kind of query:');
  log(
    table(
      ['kind', 'queries', 'p50', 'p95', 'bare SQL p50', 'bare SQL p95'],
      result.byClass.map((entry) => [
        entry.kind,
        result.queries.filter((query) => query.kind === entry.kind).length,
        ms(entry.capecontrol.p50),
        ms(entry.capecontrol.p95),
        ms(entry.bareSql.p50),
        ms(entry.bareSql.p95),
      ]),
    ),
  );
  log('  every query (matches = agents matching before the category filter):');
  log(
    table(
      ['query', 'matches', 'p50', 'p95', 'bare SQL p50', 'bare SQL p95'],
      result.byQuery.map((entry, index) => [
        entry.label,
        result.queries[index]?.matches ?? '',
        ms(entry.capecontrol.p50),
        ms(entry.capecontrol.p95),
        ms(entry.bareSql.p50),
        ms(entry.bareSql.p95),
      ]),
    ),
  );
  return [
    {
      name: `search p95, ${catalogue.versions} agent versions, mixed queries`,
      target: '≤ 20 ms',
      measured: `${ours.p95.toFixed(2)} ms (${ratio(ours.p95 / bare.p95)} bare SQL's ${bare.p95.toFixed(2)} ms)`,
      met: ours.p95 <= 20,
    },
  ];
}

/** Rounds every number for the JSON file. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return round(value);
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  }
  return value;
}

async function main(): Promise<void> {
  const machine = await machineFacts(serverUrl, 'npm run bench');
  log(
    `CapeControl benchmarks — ${machine.date}\n  ${machine.cpuModel}, ${machine.cpuCores} cores, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.postgres.split(' on ')[0] ?? machine.postgres}; commit ${machine.commit}\n  load average at start: ${loadAverage().join(' ')}`,
  );
  // The queue and streaming benchmarks clone these templates; the others do not need them.
  const templates = { cape: '', graphile: '' };
  if (only.has('latency') || only.has('throughput') || only.has('ttft')) {
    const capeTemplate = await scratch.create('tpl_cape');
    await prepareCapeTemplate(capeTemplate.url);
    const graphileTemplate = await scratch.create('tpl_graphile');
    await prepareGraphileTemplate(graphileTemplate.url);
    templates.cape = capeTemplate.name;
    templates.graphile = graphileTemplate.name;
  }
  const results: Record<string, unknown> = {};
  const targets: Target[] = [];
  const loads: Record<string, number[]> = { start: loadAverage() };

  if (only.has('latency')) {
    log('\n[1/5] queue latency');
    const latency = await benchQueueLatency(
      scratch,
      templates,
      {
        samples: scaled(600),
        warmup: scaled(50),
        repeats: 5,
        block: 20,
        gapMs: 5,
        poolSize: POOL_SIZE,
      },
      log,
    );
    results.queueLatency = latency;
    loads.afterLatency = loadAverage();
    targets.push(...latencyReport(latency));
  }
  if (only.has('throughput')) {
    log('\n[2/5] queue throughput');
    const throughput = await benchQueueThroughput(
      scratch,
      templates,
      {
        tasks: scaled(2_000),
        concurrency: CONCURRENCY,
        poolSize: POOL_SIZE,
        repeats: 5,
        graphileBatching: true,
      },
      log,
    );
    results.queueThroughput = throughput;
    loads.afterThroughput = loadAverage();
    targets.push(...throughputReport(throughput));
  }
  if (only.has('ttft')) {
    log('\n[3/5] time to first token');
    const ttft = await benchFirstToken(
      scratch,
      { cape: templates.cape },
      { samples: scaled(300), warmup: scaled(20), repeats: 5, block: 10, poolSize: POOL_SIZE },
      log,
    );
    results.timeToFirstToken = ttft;
    loads.afterTimeToFirstToken = loadAverage();
    targets.push(...firstTokenReport(ttft));
  }
  if (only.has('resolver')) {
    log('\n[4/5] dependency resolver');
    const resolver = await runResolverBenchmark({
      resolutions: scaled(200),
      repeats: 5,
      block: 20,
    });
    results.resolver = resolver;
    loads.afterResolver = loadAverage();
    targets.push(...resolverReport(resolver));
  }
  if (only.has('search')) {
    log('\n[5/5] marketplace search');
    const search = await benchSearch(
      scratch,
      {
        agents: scaled(26_000),
        samplesPerQuery: scaled(4),
        repeats: 5,
        warmupPasses: 1,
        poolSize: 10,
      },
      log,
    );
    results.search = search;
    loads.afterSearch = loadAverage();
    targets.push(...searchReport(search));
  }
  if (only.has('http') || only.has('sse') || only.has('e2e')) {
    const load = await runLoadBenchmarks(scratch, { only, scaled, scale, log });
    Object.assign(results, load.results);
    loads.afterLoad = loadAverage();
    targets.push(...load.targets);
  }

  log('\nTargets');
  log(
    table(
      ['target', 'goal', 'measured', ''],
      targets.map((target) => [
        target.name,
        target.target,
        target.measured,
        target.met ? 'met' : 'MISSED',
      ]),
    ),
  );
  log(`  load average during the run: ${JSON.stringify(loads)}`);

  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(rounded({ machine: { ...machine, loadAverage: loads }, targets, results }), null, 2)}\n`,
  );
  log(`\nwrote ${file}`);
}

let cleaning: Promise<void> | null = null;
const cleanUp = () => (cleaning ??= scratch.dropAll());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: dropping scratch databases`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
// Pools of libraries that close lazily must not keep the benchmark alive.
process.exit();
