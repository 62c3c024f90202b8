import { describe, expect, it } from 'vitest';
import { loadRegistryView, type FetchVersions } from './load-registry';
import { resolve } from './resolve';
import { registry } from './testing/registry-fixture';

const database = registry({
  'acme/app': {
    '1.0.0': { deps: { 'acme/ui': '^1.0.0' } },
    '2.0.0': { deps: { 'acme/ui': '^2.0.0', 'acme/gone': '*' } },
  },
  'acme/ui': { '1.0.0': { deps: { 'acme/core': '*' } }, '2.0.0': {} },
  'acme/core': { '1.0.0': { deps: { 'acme/ui': '*' } } },
  'acme/other': { '1.0.0': {} },
});

function recordingFetch(): { fetch: FetchVersions; calls: string[][] } {
  const calls: string[][] = [];
  const fetch: FetchVersions = async (names) => {
    calls.push(names);
    const found = names.filter((name) => database.versions(name).length > 0);
    return new Map(found.map((name) => [name, [...database.versions(name)]]));
  };
  return { fetch, calls };
}

describe('loadRegistryView', () => {
  it('fetches the dependency closure of every version breadth first, one call per layer', async () => {
    const { fetch, calls } = recordingFetch();
    const view = await loadRegistryView(fetch, ['acme/app', 'acme/app']);
    expect(calls).toEqual([['acme/app'], ['acme/gone', 'acme/ui'], ['acme/core']]);
    expect(view.names()).toEqual(['acme/app', 'acme/core', 'acme/gone', 'acme/ui']);
    expect(view.versions('acme/gone')).toEqual([]);
    expect(view.versions('acme/other')).toEqual([]);
  });

  it('gives the solver everything it needs', async () => {
    const { fetch } = recordingFetch();
    const view = await loadRegistryView(fetch, ['acme/app']);
    const result = resolve({
      root: [{ name: 'acme/app', range: '*' }],
      registry: view,
      platformVersion: '0.1.0',
    });
    // 2.0.0 needs a package that no longer exists; 1.0.0 pulls ui 1 which pulls core, which
    // depends back on ui: a cycle, so no solution — and the explanation says both.
    expect(result.ok).toBe(false);
    expect(!result.ok && result.explanation).toContain('acme/gone does not exist');
    expect(!result.ok && result.explanation).toContain('acme/ui → acme/core → acme/ui');
  });

  it('refuses to load an unbounded closure', async () => {
    const { fetch } = recordingFetch();
    await expect(loadRegistryView(fetch, ['acme/app'], { maxPackages: 2 })).rejects.toThrow(
      'dependency closure exceeds 2 packages',
    );
  });
});
