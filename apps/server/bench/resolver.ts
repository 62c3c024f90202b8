/**
 * Resolver benchmark: PubGrub resolution on a generated 200-package registry with backtracking.
 *
 *   BENCH_ONLY=resolver npm run bench -w @capecontrol/server   (with the other benchmarks' report)
 *   npx tsx apps/server/bench/resolver.ts                      (alone; N=200 resolutions by default)
 *
 * Method. The registry (packages/api/src/marketplace/resolver/testing/bench-registry.ts, seed
 * 42) has 200 packages in 8 layers, ≈ 20 versions each; newer majors point some ranges at
 * non-matching majors, so diamonds clash and the solver has to back out of newest choices.
 * N root requests of 1–3 top-layer packages are generated (seed 7). Each is resolved from scratch
 * (a fresh resolver state per call, registry already in memory as after `loadRegistryView`),
 * after a warm-up pass, once in each of 5 repeats. Two baselines run on the same inputs in the
 * same process:
 * - "walk": visiting the request's transitive closure and parsing every version in it: what
 *   merely reading the relevant registry costs, with no solving at all. It alternates with the
 *   resolver in blocks of 20 requests, the order rotating every block, in every repeat;
 * - "naive": chronological backtracking, newest first, without learning, capped at 20 000
 *   choices, run once after the repeats (it takes minutes); its times are reported over the
 *   requests it finished, beside the resolver's (median of its repeats) on the same requests.
 * No timing is asserted anywhere; the numbers go to BENCHMARKS.md.
 */
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import {
  resolve,
  type RegistryView,
  type RootRequirement,
} from '../../../packages/api/src/marketplace/resolver/index';
import {
  BENCH_PLATFORM,
  generateBenchRegistry,
  generateRoots,
} from '../../../packages/api/src/marketplace/resolver/testing/bench-registry';
import { solveNaive } from '../../../packages/api/src/marketplace/resolver/testing/naive-solver';
import { Universe } from '../../../packages/api/src/marketplace/resolver/version-set';

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export interface ResolverBenchResult {
  machine: { node: string; cpu: string };
  registry: { packages: number; versions: number };
  resolutions: number;
  /** Every request is resolved (and walked) once per repeat. */
  repeats: number;
  resolver: Distribution & {
    /** p95 of each repeat's 200 resolutions. */
    p95ByRepeat: number[];
    solved: number;
    failed: number;
    timeouts: number;
    meanConflicts: number;
    maxConflicts: number;
  };
  walk: Distribution & { p95ByRepeat: number[] };
  naive: Distribution & {
    finished: number;
    gaveUp: number;
    solvabilityMismatches: number;
    maxSteps: number;
  };
  /** The resolver's times (median of the repeats) on the requests the naive solver finished. */
  resolverOnNaiveFinished: Distribution;
  ratios: {
    resolverP95OverWalkP95: number;
    resolverP95OverWalkP95ByRepeat: number[];
    naiveP95OverResolverP95: number;
    medianNaiveOverResolver: number;
  };
  targetP95Ms: number;
}

export interface ResolverBenchOptions {
  resolutions?: number;
  /** Passes over all requests (default 5). */
  repeats?: number;
  /** Requests per block; the order of resolver and walk rotates every block (default 20). */
  block?: number;
  /** The naive solver gives up after this many choices (default 20 000). */
  naiveMaxSteps?: number;
}

export function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / Math.max(1, sorted.length);
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    mean,
  };
}

function walk(registry: RegistryView, root: readonly RootRequirement[]): number {
  const seen = new Set<string>();
  const queue = root.map((requirement) => requirement.name);
  let parsed = 0;
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const versions = registry.versions(name);
    parsed += new Universe(
      name,
      versions.map((entry) => entry.version),
    ).size;
    for (const entry of versions) queue.push(...Object.keys(entry.dependencies));
  }
  return parsed;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

/** Runs the benchmark and returns its figures (nothing is printed). */
export async function runResolverBenchmark(
  options: ResolverBenchOptions = {},
): Promise<ResolverBenchResult> {
  const resolutions = options.resolutions ?? 200;
  const repeats = options.repeats ?? 5;
  const block = options.block ?? 20;
  const { registry, names, versionCount } = generateBenchRegistry();
  const roots = generateRoots(names, resolutions);
  const request = (root: RootRequirement[]) => ({
    root,
    registry,
    platformVersion: BENCH_PLATFORM,
    deadlineMs: 5000,
  });
  for (const root of roots.slice(0, 30)) {
    // warm-up: JIT and semver caches
    resolve(request(root));
    walk(registry, root);
  }

  // times[variant][repeat][request]; blocks of `block` requests, the variants' order rotating.
  const times = { resolver: [] as number[][], walk: [] as number[][] };
  const conflicts: number[] = [];
  let solved = 0;
  let timeouts = 0;
  const outcomes: boolean[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const resolverTimes: number[] = [];
    const walkTimes: number[] = [];
    for (let start = 0; start < roots.length; start += block) {
      const slice = roots.slice(start, start + block);
      const runResolver = () => {
        for (const root of slice) {
          const [result, ms] = time(() => resolve(request(root)));
          resolverTimes.push(ms);
          if (repeat > 0) continue;
          conflicts.push(result.stats.conflicts);
          outcomes.push(result.ok);
          if (result.ok) solved++;
          else if (result.reason === 'timeout') timeouts++;
        }
      };
      const runWalk = () => {
        for (const root of slice) walkTimes.push(time(() => walk(registry, root))[1]);
      };
      const order =
        (repeat + start / block) % 2 === 0 ? [runResolver, runWalk] : [runWalk, runResolver];
      for (const run of order) run();
    }
    times.resolver.push(resolverTimes);
    times.walk.push(walkTimes);
    await new Promise((resolveTick) => setImmediate(resolveTick));
  }
  // Per request, the median of its repeats: what the naive solver's time is compared with.
  const resolverMedian = roots.map((_, index) => {
    const values = times.resolver.map((repeat) => repeat[index] as number).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] as number;
  });

  const naiveTimes: number[] = [];
  const resolverSameRequests: number[] = [];
  const perRequestRatios: number[] = [];
  let gaveUp = 0;
  let mismatches = 0;
  roots.forEach((root, index) => {
    const [outcome, ms] = time(() =>
      solveNaive(root, registry, BENCH_PLATFORM, options.naiveMaxSteps ?? 20_000),
    );
    if (outcome.status === 'gave-up') {
      gaveUp++;
      return;
    }
    if ((outcome.status === 'solved') !== outcomes[index]) mismatches++;
    const resolverMs = resolverMedian[index] as number;
    naiveTimes.push(ms);
    resolverSameRequests.push(resolverMs);
    perRequestRatios.push(ms / resolverMs);
  });

  const resolverDist = distribution(times.resolver.flat());
  const walkDist = distribution(times.walk.flat());
  const naiveDist = distribution(naiveTimes);
  const sameDist = distribution(resolverSameRequests);
  const p95ByRepeat = times.resolver.map((repeat) => distribution(repeat).p95);
  const walkP95ByRepeat = times.walk.map((repeat) => distribution(repeat).p95);
  return {
    machine: { node: process.version, cpu: cpus()[0]?.model ?? 'unknown' },
    registry: { packages: names.flat().length, versions: versionCount },
    resolutions,
    repeats,
    resolver: {
      ...resolverDist,
      solved,
      failed: resolutions - solved,
      timeouts,
      meanConflicts: conflicts.reduce((a, b) => a + b, 0) / conflicts.length,
      maxConflicts: Math.max(...conflicts),
      p95ByRepeat,
    },
    walk: { ...walkDist, p95ByRepeat: walkP95ByRepeat },
    naive: {
      ...naiveDist,
      finished: naiveTimes.length,
      gaveUp,
      solvabilityMismatches: mismatches,
      maxSteps: options.naiveMaxSteps ?? 20_000,
    },
    resolverOnNaiveFinished: sameDist,
    ratios: {
      resolverP95OverWalkP95: resolverDist.p95 / walkDist.p95,
      resolverP95OverWalkP95ByRepeat: p95ByRepeat.map(
        (value, repeat) => value / (walkP95ByRepeat[repeat] as number),
      ),
      naiveP95OverResolverP95: naiveDist.p95 / sameDist.p95,
      medianNaiveOverResolver: distribution(perRequestRatios).p50,
    },
    targetP95Ms: 50,
  };
}

export function formatResolverBenchmark(result: ResolverBenchResult): string {
  const ms = (x: number) => x.toFixed(2).padStart(9);
  const row = (label: string, d: Distribution, note = '') =>
    `${label.padEnd(34)}${String(d.count).padStart(6)}${ms(d.p50)}${ms(d.p95)}${ms(d.max)}  ${note}`;
  const r = result.resolver;
  return [
    `resolver benchmark — ${result.registry.packages} packages, ${result.registry.versions} versions, ` +
      `${result.resolutions} requests × ${result.repeats} repeats (node ${result.machine.node}, ${result.machine.cpu})`,
    `${'variant'.padEnd(34)}${'n'.padStart(6)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`,
    row(
      'PubGrub resolver',
      r,
      `solved ${r.solved}, failed ${r.failed}, timeouts ${r.timeouts}; conflicts mean ${r.meanConflicts.toFixed(1)} max ${r.maxConflicts}`,
    ),
    row('registry walk (closure + parse)', result.walk),
    row(
      'naive backtracking (finished)',
      result.naive,
      `gave up ${result.naive.gaveUp} (at ${result.naive.maxSteps} choices), solvability mismatches ${result.naive.solvabilityMismatches}`,
    ),
    row('PubGrub on those same requests', result.resolverOnNaiveFinished, 'median of repeats'),
    `ratios: resolver p95 / walk p95 = ${result.ratios.resolverP95OverWalkP95.toFixed(1)}×; ` +
      `naive p95 / resolver p95 (same requests) = ${result.ratios.naiveP95OverResolverP95.toFixed(1)}×; ` +
      `median per-request naive / resolver = ${result.ratios.medianNaiveOverResolver.toFixed(1)}×`,
    `resolver p95 per repeat: ${r.p95ByRepeat.map((value) => value.toFixed(2)).join(', ')} ms; ` +
      `÷ walk p95 per repeat: ${result.ratios.resolverP95OverWalkP95ByRepeat.map((value) => value.toFixed(1)).join(', ')}`,
    `target: resolver p95 ≤ ${result.targetP95Ms} ms → ${r.p95 <= result.targetP95Ms ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const resolutions = Number(process.env.N ?? 200);
  console.log(formatResolverBenchmark(await runResolverBenchmark({ resolutions })));
}
