/**
 * The worked examples of PubGrub's algorithm description (dart-lang/pub doc/solver.md), with
 * the same registries; the error-reporting ones assert the full explanation.
 */
import { describe, expect, it } from 'vitest';
import { solve } from './testing/registry-fixture';
import type { ResolutionResult } from './types';

function solution(result: ResolutionResult): Record<string, string> {
  if (!result.ok) throw new Error(`expected a solution, got: ${result.explanation}`);
  return result.solution;
}

function explanation(result: ResolutionResult): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.solution)}`);
  expect(result.reason).toBe('conflict');
  return result.explanation;
}

describe('PubGrub classic examples', () => {
  it('no conflicts', () => {
    const result = solve(
      { foo: { '1.0.0': { deps: { bar: '^1.0.0' } } }, bar: { '1.0.0': {}, '2.0.0': {} } },
      { foo: '^1.0.0' },
    );
    expect(solution(result)).toEqual({ bar: '1.0.0', foo: '1.0.0' });
    expect(result.stats.conflicts).toBe(0);
  });

  it('avoiding conflict during decision making', () => {
    const result = solve(
      {
        foo: { '1.0.0': {}, '1.1.0': { deps: { bar: '^2.0.0' } } },
        bar: { '1.0.0': {}, '1.1.0': {}, '2.0.0': {} },
      },
      { foo: '^1.0.0', bar: '^1.0.0' },
    );
    expect(solution(result)).toEqual({ bar: '1.1.0', foo: '1.0.0' });
    expect(result.stats.conflicts).toBe(0);
  });

  it('performing conflict resolution', () => {
    const result = solve(
      {
        foo: { '1.0.0': {}, '2.0.0': { deps: { bar: '^1.0.0' } } },
        bar: { '1.0.0': { deps: { foo: '^1.0.0' } } },
      },
      { foo: '>=1.0.0' },
    );
    expect(solution(result)).toEqual({ foo: '1.0.0' });
    expect(result.stats.conflicts).toBe(1);
  });

  it('conflict resolution with a partial satisfier', () => {
    const result = solve(
      {
        foo: { '1.0.0': {}, '1.1.0': { deps: { left: '^1.0.0', right: '^1.0.0' } } },
        left: { '1.0.0': { deps: { shared: '>=1.0.0' } } },
        right: { '1.0.0': { deps: { shared: '<2.0.0' } } },
        shared: { '2.0.0': {}, '1.0.0': { deps: { target: '^1.0.0' } } },
        target: { '2.0.0': {}, '1.0.0': {} },
      },
      { foo: '^1.0.0', target: '^2.0.0' },
    );
    expect(solution(result)).toEqual({ foo: '1.0.0', target: '2.0.0' });
  });

  it('linear error reporting', () => {
    const result = solve(
      {
        foo: { '1.0.0': { deps: { bar: '^2.0.0' } } },
        bar: { '2.0.0': { deps: { baz: '^3.0.0' } } },
        baz: { '1.0.0': {}, '3.0.0': {} },
      },
      { foo: '^1.0.0', baz: '^1.0.0' },
    );
    expect(explanation(result)).toBe(
      'Because foo@1.0.0 depends on bar ^2.0.0 which depends on baz ^3.0.0, ' +
        'foo@1.0.0 requires baz ^3.0.0. ' +
        'And because you asked for baz ^1.0.0 and foo ^1.0.0, version solving failed.',
    );
  });

  it('branching error reporting', () => {
    const result = solve(
      {
        foo: {
          '1.0.0': { deps: { a: '^1.0.0', b: '^1.0.0' } },
          '1.1.0': { deps: { x: '^1.0.0', y: '^1.0.0' } },
        },
        a: { '1.0.0': { deps: { b: '^2.0.0' } } },
        b: { '1.0.0': {}, '2.0.0': {} },
        x: { '1.0.0': { deps: { y: '^2.0.0' } } },
        y: { '1.0.0': {}, '2.0.0': {} },
      },
      { foo: '^1.0.0' },
    );
    expect(result.ok || result.chain).toEqual([
      'Because foo@1.0.0 depends on a ^1.0.0 which depends on b ^2.0.0, foo@1.0.0 requires b ^2.0.0.',
      'And because foo@1.0.0 depends on b ^1.0.0, foo@1.0.0 cannot be installed (1).',
      'Because foo@1.1.0 depends on x ^1.0.0 which depends on y ^2.0.0, foo@1.1.0 requires y ^2.0.0.',
      'And because foo@1.1.0 depends on y ^1.0.0, foo@1.1.0 cannot be installed.',
      'And because foo@1.0.0 cannot be installed (1), no version of foo can be installed.',
      'And because you asked for foo ^1.0.0, version solving failed.',
    ]);
    // The two branches are separate paragraphs; the second refers back to line (1).
    expect(explanation(result).split('\n\n')).toHaveLength(2);
  });
});
