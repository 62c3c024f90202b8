import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  difference,
  indices,
  intersect,
  isAny,
  isDisjoint,
  isEmpty,
  isSubset,
  negate,
  negative,
  popcount,
  positive,
  relation,
  span,
  union,
  Universe,
  type Term,
} from './version-set';

describe('Universe', () => {
  const universe = new Universe('acme/x', [
    '2.0.0',
    '1.0.0',
    'v1.1.0',
    '1.1.0',
    'nope',
    '1.2.0-beta.1',
  ]);

  it('keeps valid versions once, normalised and in semver order', () => {
    expect(universe.versions).toEqual(['1.0.0', '1.1.0', '1.2.0-beta.1', '2.0.0']);
    expect(universe.all).toBe(0b1111n);
    expect(universe.indexOf('v2.0.0')).toBe(3);
    expect(universe.indexOf('9.9.9')).toBeUndefined();
  });

  it('evaluates ranges with semver semantics: prereleases only when the range asks', () => {
    expect(indices(universe.rangeBits('^1.0.0') as bigint)).toEqual([0, 1]);
    expect(indices(universe.rangeBits('^1.2.0-beta.0') as bigint)).toEqual([2]);
    expect(indices(universe.rangeBits('>=1.1.0') as bigint)).toEqual([1, 3]);
    expect(universe.rangeBits('^5.0.0')).toBe(0n);
    expect(universe.rangeBits('not a range')).toBeNull();
  });

  it('has no versions, and an empty mask, for an unknown package', () => {
    const empty = new Universe('acme/none', []);
    expect(empty.size).toBe(0);
    expect(empty.all).toBe(0n);
  });
});

describe('bit helpers', () => {
  it('builds spans and counts bits', () => {
    expect(span(1, 3)).toBe(0b1110n);
    expect(popcount(0b101101n)).toBe(4);
    expect(indices(0b100101n)).toEqual([0, 2, 5]);
  });
});

/** A term as the set it denotes over versions 0..3 plus "absent" (4). */
function denote(term: Term): Set<number> {
  const out = new Set<number>();
  for (let index = 0; index < 4; index++) {
    const inBits = (term.bits & (1n << BigInt(index))) !== 0n;
    if (inBits === term.positive) out.add(index);
  }
  if (!term.positive) out.add(4);
  return out;
}

const terms = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 15 }))
  .map(([isPositive, mask]) =>
    isPositive ? positive('p', BigInt(mask)) : negative('p', BigInt(mask)),
  );

describe('Term algebra', () => {
  it('matches set semantics over versions plus "not selected" (exhaustive on 4 versions)', () => {
    fc.assert(
      fc.property(terms, terms, (a, b) => {
        const setA = denote(a);
        const setB = denote(b);
        const inter = [...setA].filter((x) => setB.has(x));
        const uni = new Set([...setA, ...setB]);
        expect(denote(intersect(a, b))).toEqual(new Set(inter));
        expect(denote(union(a, b))).toEqual(uni);
        expect(denote(difference(a, b))).toEqual(new Set([...setA].filter((x) => !setB.has(x))));
        expect(denote(negate(a))).toEqual(new Set([0, 1, 2, 3, 4].filter((x) => !setA.has(x))));
        expect(isSubset(a, b)).toBe([...setA].every((x) => setB.has(x)));
        expect(isDisjoint(a, b)).toBe(inter.length === 0);
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('knows the always-false and always-true terms', () => {
    expect(isEmpty(positive('p', 0n))).toBe(true);
    expect(isAny(negative('p', 0n))).toBe(true);
    // "selected at some version" is not "anything": the package may be absent.
    expect(isAny(negate(positive('p', 0b1111n)))).toBe(false);
  });

  it('relates a term to what is known', () => {
    const caret1 = positive('p', 0b0011n);
    expect(relation(caret1, undefined)).toBe('inconclusive');
    expect(relation(caret1, positive('p', 0b0001n))).toBe('satisfied');
    expect(relation(caret1, positive('p', 0b1100n))).toBe('contradicted');
    expect(relation(negate(caret1), positive('p', 0b1000n))).toBe('satisfied');
    expect(relation(negative('p', 0b0001n), negative('p', 0b0011n))).toBe('satisfied');
  });
});
