/**
 * Explains a failed resolution from the derivation graph of `{root}`, following the error
 * reporting procedure of PubGrub (dart-lang/pub doc/solver.md, "Error Reporting"): a linear
 * chain reads as "Because …, X. And because …, Y."; a conclusion used twice is numbered
 * ("…, X (1).") so a later sentence can refer back to it ("And because X (1), …"); independent
 * branches are separated by a blank line (a new paragraph).
 */
import type { Describer } from './describe';
import type { Incompatibility } from './incompatibility';

type Derived = Incompatibility & { cause: { kind: 'derived' } };

/** One sentence without its final period; `number` marks a conclusion referred to later. */
interface Line {
  text: string;
  number: number | null;
}

export function explainFailure(root: Incompatibility, describe: Describer): Line[] {
  if (!isDerivedIncompatibility(root)) {
    return [{ text: `Because ${describe.external(root)}, version solving failed`, number: null }];
  }
  const reporter = new Reporter(describe, countUses(root));
  reporter.visit(root);
  return reporter.lines;
}

/** The lines as `chain` entries (blank separators dropped) and as paragraphs of prose. */
export function formatLines(lines: Line[]): { chain: string[]; explanation: string } {
  const chain: string[] = [];
  const paragraphs: string[][] = [[]];
  for (const line of lines) {
    if (line.text === '') {
      paragraphs.push([]);
      continue;
    }
    const text = line.number === null ? `${line.text}.` : `${line.text} (${line.number}).`;
    chain.push(text);
    paragraphs[paragraphs.length - 1]?.push(text);
  }
  const explanation = paragraphs
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => paragraph.join(' '))
    .join('\n\n');
  return { chain, explanation };
}

function isDerivedIncompatibility(incompatibility: Incompatibility): incompatibility is Derived {
  return incompatibility.cause.kind === 'derived';
}

/** How many derived incompatibilities each derived incompatibility is a cause of. */
function countUses(root: Derived): Map<number, number> {
  const uses = new Map<number, number>();
  const seen = new Set<number>();
  const stack: Derived[] = [root];
  while (stack.length > 0) {
    const current = stack.pop() as Derived;
    if (seen.has(current.id)) continue;
    seen.add(current.id);
    for (const cause of [current.cause.first, current.cause.second]) {
      if (!isDerivedIncompatibility(cause)) continue;
      uses.set(cause.id, (uses.get(cause.id) ?? 0) + 1);
      stack.push(cause);
    }
  }
  return uses;
}

class Reporter {
  readonly lines: Line[] = [];
  private readonly numbers = new Map<number, number>();
  private nextNumber = 1;

  constructor(
    private readonly describe: Describer,
    private readonly uses: Map<number, number>,
  ) {}

  visit(incompatibility: Derived): void {
    const { first, second } = incompatibility.cause;
    const conclusion = this.describe.incompatibility(incompatibility);
    if (isDerivedIncompatibility(first) && isDerivedIncompatibility(second)) {
      this.visitTwoDerived(incompatibility, first, second, conclusion);
    } else if (isDerivedIncompatibility(first) || isDerivedIncompatibility(second)) {
      const derived = (isDerivedIncompatibility(first) ? first : second) as Derived;
      const external = isDerivedIncompatibility(first) ? second : first;
      this.visitOneDerived(incompatibility, derived, external, conclusion);
    } else {
      this.write(incompatibility, `Because ${this.describe.both(first, second)}, ${conclusion}`);
    }
  }

  private visitTwoDerived(
    self: Derived,
    first: Derived,
    second: Derived,
    conclusion: string,
  ): void {
    const firstLine = this.numbers.get(first.id);
    const secondLine = this.numbers.get(second.id);
    if (firstLine !== undefined && secondLine !== undefined) {
      const text = `Because ${this.clause(first)} (${firstLine}) and ${this.clause(second)} (${secondLine}), ${conclusion}`;
      this.write(self, text);
      return;
    }
    if (firstLine !== undefined || secondLine !== undefined) {
      const [numbered, line, other] =
        firstLine !== undefined
          ? [first, firstLine, second]
          : [second, secondLine as number, first];
      this.visit(other);
      this.write(self, `And because ${this.clause(numbered)} (${line}), ${conclusion}`);
      return;
    }
    const simple = isSimple(first) ? first : isSimple(second) ? second : null;
    if (simple) {
      this.visit(simple === first ? second : first);
      this.visit(simple);
      this.write(self, `Thus, ${conclusion}`);
      return;
    }
    this.visit(first);
    const line = this.numberLastLine(first);
    this.lines.push({ text: '', number: null });
    this.visit(second);
    this.write(self, `And because ${this.clause(first)} (${line}), ${conclusion}`);
  }

  private visitOneDerived(
    self: Derived,
    derived: Derived,
    external: Incompatibility,
    conclusion: string,
  ): void {
    const line = this.numbers.get(derived.id);
    if (line !== undefined) {
      const text = `Because ${this.describe.external(external)} and ${this.clause(derived)} (${line}), ${conclusion}`;
      this.write(self, text);
      return;
    }
    const { first, second } = derived.cause;
    const priorDerived = isDerivedIncompatibility(first)
      ? first
      : isDerivedIncompatibility(second)
        ? second
        : null;
    const priorExternal = priorDerived === first ? second : first;
    if (
      priorDerived &&
      !isDerivedIncompatibility(priorExternal) &&
      !this.numbers.has(priorDerived.id) &&
      (this.uses.get(derived.id) ?? 0) < 2
    ) {
      // Skip the intermediate conclusion: "…, X. And because A and B, Y." reads better.
      this.visit(priorDerived);
      this.write(self, `And because ${this.describe.both(priorExternal, external)}, ${conclusion}`);
      return;
    }
    this.visit(derived);
    this.write(self, `And because ${this.describe.external(external)}, ${conclusion}`);
  }

  private clause(incompatibility: Incompatibility): string {
    return this.describe.incompatibility(incompatibility);
  }

  /** Writes a line, numbering it when a later line will refer back to this incompatibility. */
  private write(incompatibility: Incompatibility, text: string): void {
    const shared = (this.uses.get(incompatibility.id) ?? 0) > 1;
    const number = shared ? this.nextNumber++ : null;
    if (number !== null) this.numbers.set(incompatibility.id, number);
    this.lines.push({ text, number });
  }

  private numberLastLine(incompatibility: Incompatibility): number {
    const known = this.numbers.get(incompatibility.id);
    if (known !== undefined) return known;
    const last = this.lines[this.lines.length - 1] as Line;
    last.number ??= this.nextNumber++;
    this.numbers.set(incompatibility.id, last.number);
    return last.number;
  }
}

/** Derived directly from two external facts, so it fits in one sentence. */
function isSimple(incompatibility: Derived): boolean {
  const { first, second } = incompatibility.cause;
  return !isDerivedIncompatibility(first) && !isDerivedIncompatibility(second);
}
