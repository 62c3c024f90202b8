import { describe, expect, it } from 'vitest';
import { parse, registryOf, workflowInput } from '../test-manifests';
import { analyseDependencies } from './dependencies';

const manifest = parse(workflowInput());
const registry = registryOf({
  'acme/extract': [
    { version: '1.0.0' },
    { version: '1.4.0', dependencies: { 'acme/tokenise': '^1.0.0' } },
  ],
  'acme/summarise': [{ version: '2.1.0' }],
  'acme/tokenise': [{ version: '1.0.0' }],
});
const analyse = (view = registry, platformVersion = '0.5.0') =>
  analyseDependencies(manifest, { platformVersion, registry: view });

describe('analyseDependencies', () => {
  it('resolves every range and measures the depth at the newest usable versions', () => {
    expect(analyse()).toEqual({ findings: [], depth: 2 });
  });

  it('reports checks as skipped offline, as info', () => {
    const { findings, depth } = analyseDependencies(manifest, { platformVersion: '0.5.0' });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['dependencies.skipped', 'info']]);
    expect(depth).toBe(1);
  });

  it('reports a dependency missing from the registry', () => {
    const { findings } = analyse(registryOf({ 'acme/extract': [{ version: '1.0.0' }] }));
    expect(findings).toEqual([
      expect.objectContaining({
        id: 'dependencies.not-found',
        severity: 'critical',
        path: 'dependencies["acme/summarise"]',
      }),
    ]);
  });

  it('explains why no version matches: out of range, yanked, or needing another platform', () => {
    const view = registryOf({
      'acme/extract': [{ version: '0.9.0' }],
      'acme/summarise': [
        { version: '2.0.0', yanked: true },
        { version: '2.2.0', enginesRange: '>=1.0.0' },
      ],
    });
    const messages = analyse(view).findings.map((f) => `${f.id}: ${f.message}`);
    expect(messages).toEqual([
      'dependencies.no-matching-version: acme/extract: no version matches "^1.0.0" (newest: 0.9.0).',
      'dependencies.no-matching-version: acme/summarise: every version in "^2.0.0" is unusable on CapeControl 0.5.0: 2.0.0 is yanked; 2.2.0 needs CapeControl ">=1.0.0".',
    ]);
  });

  it('names the cycle when a dependency leads back to the agent', () => {
    const view = registryOf({
      'acme/extract': [{ version: '1.0.0', dependencies: { 'acme/tokenise': '^1.0.0' } }],
      'acme/summarise': [{ version: '2.0.0' }],
      'acme/tokenise': [{ version: '1.0.0', dependencies: { 'acme/digest': '^1.0.0' } }],
    });
    const cycle = analyse(view).findings.find((f) => f.id === 'dependencies.cycle');
    expect(cycle?.message).toContain('acme/digest → acme/extract → acme/tokenise → acme/digest');
    expect(cycle?.severity).toBe('critical');
  });

  it('survives cycles elsewhere in the registry and reports deprecation', () => {
    const view = registryOf({
      'acme/extract': [
        { version: '1.0.0', dependencies: { 'x/a': '*' }, deprecated: 'Use acme/extract-v2' },
      ],
      'acme/summarise': [{ version: '2.0.0' }],
      'x/a': [{ version: '1.0.0', dependencies: { 'x/b': '*' } }],
      'x/b': [{ version: '1.0.0', dependencies: { 'x/a': '*' } }],
    });
    const { findings, depth } = analyse(view);
    expect(findings.map((f) => f.id)).toEqual(['dependencies.deprecated']);
    expect(depth).toBe(3);
  });

  it('reports dependencies no step calls', () => {
    const unused = parse(
      workflowInput({
        dependencies: {
          'acme/extract': '^1.0.0',
          'acme/summarise': '^2.0.0',
          'acme/spare': '^1.0.0',
        },
      }),
    );
    const { findings } = analyseDependencies(unused, { platformVersion: '0.5.0' });
    expect(findings.map((f) => `${f.id}@${f.path}`)).toContain(
      'dependencies.unused@dependencies["acme/spare"]',
    );
  });
});
