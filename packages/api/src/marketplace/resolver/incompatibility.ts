import { intersect, isAny, isEmpty, type Term } from './version-set';

/** The name of the virtual package standing for the user's request (never a real agent name). */
export const ROOT = '\u0000root';

/** Why a dependency's range cannot be met no matter what else is chosen. */
export type MissingKind = 'package' | 'versions' | 'invalid-range';

/** Facts from outside the solver (leaves of a derivation) and derived facts (inner nodes). */
export type Cause =
  | {
      kind: 'dependency';
      depender: string;
      dependerBits: bigint;
      dependee: string;
      range: string;
      missing: MissingKind | null;
    }
  | { kind: 'yanked'; name: string; bits: bigint }
  | { kind: 'engines'; name: string; bits: bigint; enginesRange: string; platform: string }
  | { kind: 'pin'; name: string; version: string; known: boolean }
  | { kind: 'cycle'; path: string[]; versions: Array<{ name: string; version: string }> }
  | { kind: 'derived'; first: Incompatibility; second: Incompatibility };

/**
 * A set of terms that must not all be true at once. `{root, not b ^1}` says the root needs b ^1;
 * `{a 1.x, b 2.x}` says those two cannot be selected together.
 */
export interface Incompatibility {
  readonly id: number;
  readonly terms: readonly Term[];
  readonly cause: Cause;
}

let nextId = 1;

/**
 * Builds an incompatibility, merging terms on the same package (their intersection) and dropping
 * terms that are always true. Returns null when some term can never be true, since such an
 * incompatibility can never be violated and carries no information.
 */
export function createIncompatibility(
  terms: readonly Term[],
  cause: Cause,
): Incompatibility | null {
  const merged = new Map<string, Term>();
  for (const term of terms) {
    const previous = merged.get(term.name);
    merged.set(term.name, previous ? intersect(previous, term) : term);
  }
  const kept: Term[] = [];
  for (const term of merged.values()) {
    if (isEmpty(term)) return null;
    if (!isAny(term)) kept.push(term);
  }
  return { id: nextId++, terms: kept, cause };
}

export function isDerived(
  incompatibility: Incompatibility,
): incompatibility is Incompatibility & { cause: { kind: 'derived' } } {
  return incompatibility.cause.kind === 'derived';
}

/** True for the incompatibility that proves there is no solution at all. */
export function isFailure(incompatibility: Incompatibility): boolean {
  const [first, ...rest] = incompatibility.terms;
  return first === undefined || (rest.length === 0 && first.name === ROOT && first.positive);
}

/** Every external (leaf) incompatibility under a derived one, each once, depth first. */
export function externalCauses(root: Incompatibility): Incompatibility[] {
  const seen = new Set<number>();
  const out: Incompatibility[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const current = stack.pop() as Incompatibility;
    if (seen.has(current.id)) continue;
    seen.add(current.id);
    if (current.cause.kind === 'derived') stack.push(current.cause.second, current.cause.first);
    else out.push(current);
  }
  return out;
}
