import { compareText } from './package-source';

type DependencyNames<TVersion> = (name: string, version: TVersion) => readonly string[];

/**
 * The first dependency cycle among the chosen packages, as a closed path (`[a, b, a]`), or null.
 * Deterministic: packages and their dependencies are walked in name order.
 */
export function findCycle<TVersion>(
  chosen: ReadonlyMap<string, TVersion>,
  dependencyNames: DependencyNames<TVersion>,
): string[] | null {
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];

  const visit = (name: string): string[] | null => {
    state.set(name, 'active');
    path.push(name);
    for (const next of dependencyNames(name, chosen.get(name) as TVersion)) {
      if (!chosen.has(next)) continue;
      const seen = state.get(next);
      if (seen === 'active') return [...path.slice(path.indexOf(next)), next];
      if (seen === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };

  for (const name of [...chosen.keys()].sort(compareText)) {
    if (state.has(name)) continue;
    const found = visit(name);
    if (found) return found;
  }
  return null;
}

/**
 * Install order for an acyclic solution: each package after everything it depends on. A
 * depth-first walk from the packages in name order, dependencies in name order, so the order
 * is deterministic.
 */
export function installOrder<TVersion>(
  chosen: ReadonlyMap<string, TVersion>,
  dependencyNames: DependencyNames<TVersion>,
): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name)) return;
    placed.add(name);
    for (const next of dependencyNames(name, chosen.get(name) as TVersion)) {
      if (chosen.has(next)) place(next);
    }
    order.push(name);
  };
  [...chosen.keys()].sort(compareText).forEach(place);
  return order;
}
