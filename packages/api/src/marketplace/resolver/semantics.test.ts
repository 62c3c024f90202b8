import { describe, expect, it } from 'vitest';
import { solve, type VersionSpec } from './testing/registry-fixture';
import type { ResolutionResult } from './types';

function solution(result: ResolutionResult): Record<string, string> {
  if (!result.ok) throw new Error(`expected a solution, got: ${result.explanation}`);
  return result.solution;
}

const x = (versions: Record<string, VersionSpec>) => ({ 'acme/x': versions });

describe('version choice', () => {
  it('takes the newest version the ranges allow', () => {
    const versions = { '1.0.0': {}, '1.4.0': {}, '2.0.0': {} };
    expect(solution(solve(x(versions), { 'acme/x': '^1.0.0' }))).toEqual({ 'acme/x': '1.4.0' });
  });

  it('skips yanked versions', () => {
    const versions = { '1.0.0': {}, '1.1.0': { yanked: true } };
    expect(solution(solve(x(versions), { 'acme/x': '*' }))).toEqual({ 'acme/x': '1.0.0' });
  });

  it('keeps a pinned yanked version working', () => {
    const versions = { '1.0.0': {}, '1.1.0': { yanked: true } };
    const result = solve(x(versions), { 'acme/x': '*' }, { pins: { 'acme/x': '1.1.0' } });
    expect(solution(result)).toEqual({ 'acme/x': '1.1.0' });
  });

  it('forces pinned versions, and ignores pins on packages nobody needs', () => {
    const versions = { '1.0.0': {}, '2.0.0': {} };
    const pins = { 'acme/x': '1.0.0', 'acme/unrelated': '9.0.0' };
    expect(solution(solve(x(versions), { 'acme/x': '*' }, { pins }))).toEqual({
      'acme/x': '1.0.0',
    });
  });

  it('excludes versions whose engines range does not include the platform', () => {
    const versions = {
      '1.0.0': {},
      '2.0.0': { engines: '>=2' },
      '1.5.0': { engines: '>=0.1.0 <0.2.0' },
    };
    expect(solution(solve(x(versions), { 'acme/x': '*' }))).toEqual({ 'acme/x': '1.5.0' });
    expect(solution(solve(x(versions), { 'acme/x': '*' }, { platformVersion: '2.1.0' }))).toEqual({
      'acme/x': '2.0.0',
    });
  });

  it('checks engines against a prerelease platform like a release', () => {
    const versions = { '1.0.0': { engines: '>=0.1.0' } };
    const result = solve(x(versions), { 'acme/x': '*' }, { platformVersion: '0.2.0-dev.3' });
    expect(solution(result)).toEqual({ 'acme/x': '1.0.0' });
  });

  it('chooses prereleases only when a range asks for them', () => {
    const versions = { '1.0.0': {}, '1.1.0-beta.1': {} };
    expect(solution(solve(x(versions), { 'acme/x': '^1.0.0' }))).toEqual({ 'acme/x': '1.0.0' });
    expect(solution(solve(x(versions), { 'acme/x': '^1.1.0-beta.0' }))).toEqual({
      'acme/x': '1.1.0-beta.1',
    });
  });
});

describe('preferred (installed) versions', () => {
  const spec = {
    'acme/app': {
      '1.0.0': { deps: { 'acme/lib': '^1.0.0', 'acme/ui': '^1.0.0' } },
      '1.1.0': { deps: { 'acme/lib': '^1.2.0', 'acme/ui': '^1.0.0' } },
    },
    'acme/lib': { '1.0.0': {}, '1.2.0': {}, '1.3.0': {} },
    'acme/ui': { '1.0.0': {}, '1.1.0': {} },
  };
  const installed = { 'acme/app': '1.0.0', 'acme/lib': '1.0.0', 'acme/ui': '1.0.0' };

  it('keeps installed versions while they are still compatible', () => {
    const result = solve(spec, { 'acme/app': '^1.0.0' }, { preferred: installed });
    expect(solution(result)).toEqual(installed);
  });

  it('upgrades only what an update needs', () => {
    const result = solve(spec, { 'acme/app': '1.1.0' }, { preferred: installed });
    expect(solution(result)).toEqual({
      'acme/app': '1.1.0',
      'acme/lib': '1.3.0',
      'acme/ui': '1.0.0',
    });
  });

  it('does not keep an installed version that has been yanked since', () => {
    const yanked = { ...spec, 'acme/ui': { '1.0.0': { yanked: true }, '1.1.0': {} } };
    const result = solve(yanked, { 'acme/app': '^1.0.0' }, { preferred: installed });
    expect(solution(result)['acme/ui']).toBe('1.1.0');
  });
});

describe('solutions', () => {
  it('orders installs dependencies first', () => {
    const result = solve(
      {
        'acme/app': { '1.0.0': { deps: { 'acme/ui': '*', 'acme/core': '*' } } },
        'acme/ui': { '1.0.0': { deps: { 'acme/core': '*' } } },
        'acme/core': { '1.0.0': {} },
      },
      { 'acme/app': '*' },
    );
    expect(result.ok && result.order).toEqual(['acme/core', 'acme/ui', 'acme/app']);
  });

  it('avoids a dependency cycle when an acyclic choice exists', () => {
    const result = solve(
      {
        'acme/a': { '1.0.0': { deps: { 'acme/b': '^1.0.0' } } },
        'acme/b': { '1.0.0': {}, '1.1.0': { deps: { 'acme/a': '^1.0.0' } } },
      },
      { 'acme/a': '^1.0.0' },
    );
    expect(solution(result)).toEqual({ 'acme/a': '1.0.0', 'acme/b': '1.0.0' });
  });

  it('reports deprecated versions it chose', () => {
    const result = solve(x({ '1.0.0': { deprecated: 'use acme/y' } }), { 'acme/x': '*' });
    expect(result.ok && result.deprecations).toEqual([
      { name: 'acme/x', version: '1.0.0', message: 'use acme/y' },
    ]);
  });

  it('answers the same whatever the order of versions, dependency keys and requests', () => {
    const forward = {
      'acme/app': {
        '1.0.0': { deps: { 'acme/lib': '^1.0.0', 'acme/ui': '^1.0.0' } },
        '2.0.0': { deps: { 'acme/ui': '^2.0.0', 'acme/lib': '^2.0.0' } },
      },
      'acme/lib': { '1.0.0': {}, '2.0.0': { deps: { 'acme/ui': '^1.0.0' } } },
      'acme/ui': { '1.0.0': {}, '2.0.0': {} },
    };
    const reversed = Object.fromEntries(
      Object.entries(forward)
        .reverse()
        .map(([name, versions]) => [
          name,
          Object.fromEntries(
            Object.entries(versions)
              .reverse()
              .map(([v, s]: [string, VersionSpec]) => [
                v,
                { deps: Object.fromEntries(Object.entries(s.deps ?? {}).reverse()) },
              ]),
          ),
        ]),
    );
    const strip = ({ stats: _stats, ...rest }: ResolutionResult) => rest;
    const a = solve(forward, { 'acme/app': '*', 'acme/lib': '*' });
    const b = solve(reversed, { 'acme/lib': '*', 'acme/app': '*' });
    expect(strip(b)).toEqual(strip(a));
    expect(solution(a)).toEqual({ 'acme/app': '1.0.0', 'acme/lib': '1.0.0', 'acme/ui': '1.0.0' });
  });
});

describe('time bound', () => {
  const spec = {
    'acme/a': { '1.0.0': { deps: { 'acme/b': '*' } }, '2.0.0': { deps: { 'acme/b': '*' } } },
    'acme/b': { '1.0.0': {}, '2.0.0': {} },
  };

  it('gives up with reason timeout once the budget is spent', () => {
    let clock = 0;
    const result = solve(spec, { 'acme/a': '*' }, { deadlineMs: 3, now: () => clock++ });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('timeout');
    expect(!result.ok && result.explanation).toMatch(/^Dependency resolution gave up after 3 ms/);
  });

  it('finishes the same problem within a generous budget', () => {
    let clock = 0;
    const result = solve(spec, { 'acme/a': '*' }, { deadlineMs: 1000, now: () => clock++ });
    expect(solution(result)).toEqual({ 'acme/a': '2.0.0', 'acme/b': '2.0.0' });
  });
});
