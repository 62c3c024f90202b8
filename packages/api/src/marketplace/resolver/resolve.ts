import { Describer } from './describe';
import { externalCauses, type Incompatibility } from './incompatibility';
import { PackageSource } from './package-source';
import { explainFailure, formatLines } from './report';
import { installOrder } from './solution-graph';
import { NoSolution, Solver, Timeout } from './solver';
import type { ResolutionFailure, ResolutionResult, ResolveRequest } from './types';

export const DEFAULT_DEADLINE_MS = 2000;

/**
 * Chooses one version of every package the request needs: newest compatible versions first
 * (installed `preferred` ones before that), never a yanked version unless pinned, never one whose
 * `engines.capecontrol` excludes the platform, never a dependency cycle. Deterministic for the
 * same registry contents and request, whatever the order of arrays and object keys. Never runs
 * past its time budget. On failure, explains the chain of constraints that makes it impossible.
 */
export function resolve(request: ResolveRequest): ResolutionResult {
  const now = request.now ?? (() => performance.now());
  const started = now();
  const budget = request.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const source = new PackageSource(request);
  const solver = new Solver(source, () => {
    if (now() - started >= budget) throw new Timeout();
  });
  const stats = () => ({ ...solver.counters, elapsedMs: now() - started });
  try {
    const chosen = solver.solve();
    const names = [...chosen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const version = (name: string) => source.universe(name).at(chosen.get(name) as number);
    const solution: Record<string, string> = {};
    const deprecations: Array<{ name: string; version: string; message: string }> = [];
    for (const name of names) {
      solution[name] = version(name);
      const message = source.entry(name, chosen.get(name) as number)?.deprecated;
      if (message) deprecations.push({ name, version: version(name), message });
    }
    const order = installOrder(chosen, (name, index) => source.dependencyNames(name, index));
    return { ok: true, solution, order, deprecations, stats: stats() };
  } catch (error) {
    if (error instanceof Timeout) return timeout(budget, stats());
    if (error instanceof NoSolution) return failure(error.incompatibility, source, stats());
    throw error;
  }
}

function failure(
  root: Incompatibility,
  source: PackageSource,
  stats: ResolutionFailure['stats'],
): ResolutionFailure {
  const { chain, explanation } = formatLines(explainFailure(root, new Describer(source)));
  const missing = externalCauses(root).some(
    (leaf) =>
      leaf.cause.kind === 'dependency' &&
      (leaf.cause.missing === 'package' || leaf.cause.missing === 'versions'),
  );
  return { ok: false, reason: missing ? 'not_found' : 'conflict', explanation, chain, stats };
}

function timeout(budget: number, stats: ResolutionFailure['stats']): ResolutionFailure {
  const explanation =
    `Dependency resolution gave up after ${budget} ms (${stats.decisions} decisions, ` +
    `${stats.conflicts} conflicts) without finding a solution or proving there is none.`;
  return { ok: false, reason: 'timeout', explanation, chain: [], stats };
}
