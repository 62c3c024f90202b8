/**
 * The load benchmarks (`BENCH_ONLY=http,sse,e2e`): runs them, prints their tables and returns
 * their targets for run.ts. Method and results: BENCHMARKS.md, "Load".
 */
import { benchE2eLoad, type E2eLoadResult } from './e2e-load';
import { benchHttpLoad, type HttpLoadResult, type VariantResult } from './http-load';
import { ms, ratio, table } from './lib/report';
import type { ScratchServer } from './lib/scratch';
import { benchSseMemory, type SseMemoryResult } from './sse-memory';

export interface LoadTarget {
  name: string;
  target: string;
  measured: string;
  met: boolean;
}

export interface LoadRunOptions {
  only: Set<string>;
  scaled: (count: number) => number;
  scale: number;
  log: (line: string) => void;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const perSecond = (variant: VariantResult) =>
  `${variant.requestsPerSecond.median.toFixed(0)} (${variant.requestsPerSecond.min.toFixed(0)}–${variant.requestsPerSecond.max.toFixed(0)})`;

function httpTables(result: HttpLoadResult, log: (line: string) => void): LoadTarget[] {
  const { options } = result;
  log(
    `\nHTTP load: autocannon in a child process, ${options.connections} connections, ${options.seconds} s per run, ${options.repeats} repeats in rotating order after ${options.warmupSeconds} s warm-up each; median (min–max of repeats)`,
  );
  const row = (variant: VariantResult, base: VariantResult | null) => [
    variant.label,
    perSecond(variant),
    `${variant.p50.median} ms`,
    `${variant.p99.median} ms`,
    base ? ratio(variant.requestsPerSecond.median / base.requestsPerSecond.median) : '',
    String(variant.errors + variant.non2xx),
  ];
  const { bare, standalone, capecontrol } = result.trivial;
  log(
    '  trivial query (bench.ping: the app router plus one public procedure returning a constant)',
  );
  log(
    table(
      ['variant', 'requests/s', 'p50', 'p99', 'vs standalone', 'errors + non-2xx'],
      [row(bare, standalone), row(standalone, standalone), row(capecontrol, standalone)],
    ),
  );
  log(
    `  CapeControl ÷ standalone within each repeat: ${ratio(result.trivialRatioByRepeat.median)} (${result.trivialRatioByRepeat.min.toFixed(2)}–${result.trivialRatioByRepeat.max.toFixed(2)}); ÷ bare node:http: ${ratio(result.ceilingRatioByRepeat.median)}`,
  );
  const auth = result.authenticated;
  log('  authenticated query (auth.me, bearer token: JWT check + one database read)');
  log(
    table(
      ['variant', 'requests/s', 'p50', 'p99', 'vs standalone', 'errors + non-2xx'],
      [row(auth.standalone, auth.standalone), row(auth.capecontrol, auth.standalone)],
    ),
  );
  log(
    `  CapeControl ÷ standalone within each repeat: ${ratio(result.authenticatedRatioByRepeat.median)} (${result.authenticatedRatioByRepeat.min.toFixed(2)}–${result.authenticatedRatioByRepeat.max.toFixed(2)})`,
  );
  const share = result.trivialRatioByRepeat.median;
  return [
    {
      name: 'trivial query requests/s',
      target: '≥ 1.5 × tRPC standalone adapter',
      measured: `${capecontrol.requestsPerSecond.median.toFixed(0)}/s (${ratio(share)})`,
      met: share >= 1.5,
    },
  ];
}

function sseTables(result: SseMemoryResult, log: (line: string) => void): LoadTarget[] {
  log(
    `\nSSE memory: ${result.subscriptions} task.stream subscriptions over HTTP to one server process (--expose-gc, forced GC before each reading); opened in ${result.openSeconds.toFixed(1)} s, ${result.errors} errors`,
  );
  log(
    table(
      [
        'reading',
        'heap',
        'rss',
        'bus subscribers',
        'tracked',
        'process listeners',
        'connections',
        'active resources',
      ],
      result.measurements.map((m) => [
        m.label,
        `${(m.heapUsed / 2 ** 20).toFixed(1)} MiB`,
        `${(m.rss / 2 ** 20).toFixed(1)} MiB`,
        m.busSubscribers,
        m.trackedSubscriptions,
        m.processListeners,
        m.serverConnections,
        m.activeResources,
      ]),
    ),
  );
  log(
    `  per subscription: heap ${kb(result.heapPerSubscription)}, rss ${kb(result.rssPerSubscription)}; after the cycles: heap ${kb(result.heapAfterCycles)} over baseline, ${kb(result.heapGrowthSecondHalf)} grown in the second half; leaked: ${JSON.stringify(result.leaked)}`,
  );
  const leaked = Object.values(result.leaked).reduce((sum, value) => sum + Math.abs(value), 0);
  return [
    {
      name: `SSE heap per subscription (${result.subscriptions} open)`,
      target: '≤ 50 KB',
      measured: kb(result.heapPerSubscription),
      met: result.heapPerSubscription <= 50 * 1024,
    },
    {
      name: 'leaked listeners after connect/disconnect cycles',
      target: '0',
      measured: String(leaked),
      met: leaked === 0,
    },
  ];
}

function e2eTables(result: E2eLoadResult, log: (line: string) => void): LoadTarget[] {
  const { options } = result;
  log(
    `\nEnd to end: ${options.users} users, each creating a no-op task and streaming it to its end, ${options.thinkMs} ms pause, for ${options.seconds} s (clients, server and worker in one process)`,
  );
  log(
    table(
      ['measure', 'p50', 'p90', 'p99', 'samples'],
      (
        [
          ['create → terminal event received', result.endToEnd],
          ['task.create round trip', result.create],
          ['event delivery lag (received − stored at)', result.deliveryLag],
        ] as const
      ).map(([label, summary]) => [
        label,
        ms(summary.p50),
        ms(summary.p90),
        ms(summary.p99),
        summary.samples,
      ]),
    ),
  );
  log(
    `  ${result.tasks} tasks, ${result.tasksPerSecond.toFixed(1)} tasks/s, ${result.errors} errors${result.errorSamples.length ? `: ${result.errorSamples.join(' | ')}` : ''}`,
  );
  return [
    {
      name: 'end-to-end errors',
      target: '0',
      measured: `${result.errors} in ${result.tasks} tasks`,
      met: result.errors === 0,
    },
  ];
}

/** Runs the selected load benchmarks; results go under their names in latest.json. */
export async function runLoadBenchmarks(
  scratch: ScratchServer,
  { only, scaled, scale, log }: LoadRunOptions,
): Promise<{ results: Record<string, unknown>; targets: LoadTarget[] }> {
  const results: Record<string, unknown> = {};
  const targets: LoadTarget[] = [];
  const seconds = (value: number) => Math.max(2, Math.round(value * scale));
  if (only.has('http')) {
    log('\n[load 1/3] HTTP: trivial and authenticated queries');
    const http = await benchHttpLoad(
      scratch,
      { connections: 32, seconds: seconds(5), warmupSeconds: 3, repeats: 5 },
      log,
    );
    results.httpLoad = http;
    targets.push(...httpTables(http, log));
  }
  if (only.has('sse')) {
    log('\n[load 2/3] SSE subscriptions: memory and leaks');
    const sse = await benchSseMemory(
      scratch,
      {
        users: 20,
        tasksPerUser: Math.max(1, Math.round(scaled(2_000) / 20)),
        cycles: 10,
        cycleSize: scaled(500),
        openConcurrency: 50,
      },
      log,
    );
    results.sseMemory = sse;
    targets.push(...sseTables(sse, log));
  }
  if (only.has('e2e')) {
    log('\n[load 3/3] end to end: users creating and streaming tasks');
    const e2e = await benchE2eLoad(
      scratch,
      { users: 50, seconds: seconds(60), thinkMs: 200, poolSize: 18 },
      log,
    );
    results.e2eLoad = e2e;
    targets.push(...e2eTables(e2e, log));
  }
  return { results, targets };
}
