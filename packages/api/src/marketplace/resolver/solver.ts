/**
 * The PubGrub loop (Weizenbaum, "PubGrub: Next-Generation Version Solving", and the algorithm
 * description in dart-lang/pub's doc/solver.md), written from that description:
 *
 *   unit propagation → decision making → unit propagation → … until every selected package is
 *   decided. A violated incompatibility starts conflict resolution, which derives its root cause
 *   as a new (learned) incompatibility and backjumps to the level where that cause becomes
 *   useful. Failure is the derivation of `{root}`, whose derivation graph the reporter explains.
 *
 * One addition: the marketplace forbids dependency cycles, which PubGrub itself allows. When
 * the search completes with a cycle, the exact versions on it are added as an incompatibility
 * (sound: any solution with those versions has that cycle) and the search continues.
 */
import { createIncompatibility, isFailure, ROOT, type Incompatibility } from './incompatibility';
import { PartialSolution } from './partial-solution';
import type { PackageSource } from './package-source';
import { findCycle } from './solution-graph';
import { compareText } from './package-source';
import { difference, isSubset, negate, popcount, positive, bit, type Term } from './version-set';

export class NoSolution extends Error {
  constructor(readonly incompatibility: Incompatibility) {
    super('no solution');
  }
}

export class Timeout extends Error {
  constructor() {
    super('timeout');
  }
}

export interface SolverCounters {
  decisions: number;
  conflicts: number;
}

export class Solver {
  readonly counters: SolverCounters = { decisions: 0, conflicts: 0 };
  private readonly solution = new PartialSolution();
  private readonly byName = new Map<string, Incompatibility[]>();
  private readonly added = new Set<number>();

  constructor(
    private readonly source: PackageSource,
    private readonly checkDeadline: () => void,
  ) {}

  /** Returns the chosen version index per package (root excluded), or throws NoSolution / Timeout. */
  solve(): Map<string, number> {
    const start = [...this.source.rootIncompatibilities(), ...this.source.pinIncompatibilities()];
    start.forEach((incompatibility) => this.add(incompatibility));
    this.solution.decideRoot(ROOT);
    let changed: string[] = [ROOT, ...new Set(start.flatMap((i) => i.terms.map((t) => t.name)))];
    for (;;) {
      this.propagate(changed);
      const next = this.decide();
      if (next !== null) {
        changed = [next];
        continue;
      }
      const cycle = this.cycleIncompatibility();
      if (!cycle) break;
      this.add(cycle);
      changed = [this.onConflict(cycle)];
    }
    const chosen = new Map(this.solution.decisions());
    chosen.delete(ROOT);
    return chosen;
  }

  private add(incompatibility: Incompatibility): void {
    if (this.added.has(incompatibility.id)) return;
    this.added.add(incompatibility.id);
    for (const term of incompatibility.terms) {
      let list = this.byName.get(term.name);
      if (!list) this.byName.set(term.name, (list = []));
      list.push(incompatibility);
    }
  }

  private propagate(initial: string[]): void {
    const changed = [...initial];
    while (changed.length > 0) {
      this.checkDeadline();
      const name = changed.pop() as string;
      const list = this.byName.get(name) ?? [];
      // Newest first: learned incompatibilities are the most informative.
      for (let at = list.length - 1; at >= 0; at--) {
        const incompatibility = list[at] as Incompatibility;
        const outcome = this.unsatisfiedTerm(incompatibility);
        if (outcome === 'satisfied') {
          changed.length = 0;
          changed.push(this.onConflict(incompatibility));
          break;
        }
        if (outcome !== null) {
          this.solution.derive(negate(outcome), incompatibility);
          if (!changed.includes(outcome.name)) changed.push(outcome.name);
        }
      }
    }
  }

  /** 'satisfied' if every term holds, the one term not yet decided if all others hold, else null. */
  private unsatisfiedTerm(incompatibility: Incompatibility): Term | 'satisfied' | null {
    let unsatisfied: Term | null = null;
    for (const term of incompatibility.terms) {
      const relation = this.solution.relation(term);
      if (relation === 'contradicted') return null;
      if (relation === 'inconclusive') {
        if (unsatisfied) return null;
        unsatisfied = term;
      }
    }
    return unsatisfied ?? 'satisfied';
  }

  /** Resolves a violated incompatibility, derives from its root cause, and returns the package that changed. */
  private onConflict(violated: Incompatibility): string {
    this.counters.conflicts++;
    const cause = this.resolveConflict(violated);
    const term = this.unsatisfiedTerm(cause);
    if (term === null || term === 'satisfied') {
      throw new Error(
        'resolver: learned incompatibility is not almost satisfied after backjumping',
      );
    }
    this.solution.derive(negate(term), cause);
    return term.name;
  }

  private resolveConflict(violated: Incompatibility): Incompatibility {
    let current = violated;
    for (;;) {
      this.checkDeadline();
      if (isFailure(current)) throw new NoSolution(current);
      const { assignment, term, previousLevel } = this.solution.satisfier(current);
      if (assignment.cause === null || previousLevel !== assignment.level) {
        this.add(current);
        this.solution.backtrack(previousLevel);
        return current;
      }
      const terms: Term[] = [
        ...current.terms.filter((t) => t.name !== assignment.name),
        ...assignment.cause.terms.filter((t) => t.name !== assignment.name),
      ];
      if (!isSubset(assignment.term, term)) terms.push(negate(difference(assignment.term, term)));
      const cause = { kind: 'derived', first: current, second: assignment.cause } as const;
      const prior = createIncompatibility(terms, cause);
      if (!prior) throw new Error('resolver: derived an incompatibility that can never hold');
      current = prior;
    }
  }

  /** Picks the undecided package with the fewest allowed versions and tries a version of it. */
  private decide(): string | null {
    let best: Term | undefined;
    let bestCount = Infinity;
    for (const known of this.solution.undecided()) {
      const count = popcount(known.bits);
      if (
        count < bestCount ||
        (count === bestCount && best && compareText(known.name, best.name) < 0)
      ) {
        best = known;
        bestCount = count;
      }
    }
    if (!best) return null;
    const name = best.name;
    const choice = this.source.choose(name, best.bits);
    if (choice.kind === 'unavailable') {
      this.add(choice.incompatibility);
      return name;
    }
    const dependencies = this.source.dependencies(name, choice.index);
    dependencies.forEach((incompatibility) => this.add(incompatibility));
    // Deciding would immediately violate one of the new incompatibilities: let propagation rule it out.
    const picked = positive(name, bit(choice.index));
    const conflicts = dependencies.some((incompatibility) =>
      incompatibility.terms.every((term) =>
        term.name === name ? isSubset(picked, term) : this.solution.relation(term) === 'satisfied',
      ),
    );
    if (!conflicts) {
      this.solution.decide(name, choice.index);
      this.counters.decisions++;
    }
    return name;
  }

  private cycleIncompatibility(): Incompatibility | null {
    const decisions = this.solution.decisions();
    const cycle = findCycle(decisions, (name, index) => this.source.dependencyNames(name, index));
    if (!cycle) return null;
    const members = [...new Set(cycle)];
    const versions = members.map((name) => ({
      name,
      version: this.source.universe(name).at(decisions.get(name) as number),
    }));
    const terms = members.map((name) => positive(name, bit(decisions.get(name) as number)));
    return createIncompatibility(terms, { kind: 'cycle', path: cycle, versions });
  }
}
