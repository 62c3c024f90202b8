import { describe, expect, it } from 'vitest';
import { parse, promptInput, workflowInput } from '../test-manifests';
import { detectEngines, enginesAllow } from './engines';
import { detectVulnerabilities } from './vulnerabilities';

describe('detectEngines', () => {
  const check = (range: string, platform = '0.5.0') =>
    detectEngines(parse(promptInput({ engines: { capecontrol: range } })), platform).map(
      (f) => `${f.id}:${f.severity}`,
    );

  it('blocks a range that excludes the running platform', () => {
    expect(check('>=1.0.0 <2.0.0')).toEqual(['engines.incompatible:critical']);
    expect(check('^0.5.0')).toEqual([]);
  });

  it('notes an unbounded range as info', () => {
    expect(check('>=0.1.0')).toEqual(['engines.unbounded:info']);
  });

  it('lets development builds of the platform satisfy release ranges', () => {
    expect(enginesAllow('>=0.5.0 <1.0.0', '0.6.0-dev.3')).toBe(true);
    expect(enginesAllow('not a range', '0.6.0')).toBe(false);
  });
});

describe('detectVulnerabilities', () => {
  const manifest = parse(workflowInput());
  const advisory = {
    id: 'CCA-2026-0007',
    name: 'acme/summarise',
    summary: 'Leaks config into prompts',
    severity: 'critical' as const,
  };

  it('reports a dependency range that admits affected versions, with the advisory severity', () => {
    const [found] = detectVulnerabilities(manifest, [{ ...advisory, range: '>=2.0.0 <2.3.1' }]);
    expect(found).toMatchObject({
      id: 'vulnerabilities.advisory',
      severity: 'critical',
      path: 'dependencies["acme/summarise"]',
    });
    expect(found?.message).toContain('CCA-2026-0007');
  });

  it('ignores advisories outside the range and for other agents', () => {
    expect(detectVulnerabilities(manifest, [{ ...advisory, range: '<2.0.0' }])).toEqual([]);
    expect(detectVulnerabilities(manifest, [{ ...advisory, name: 'other/x', range: '*' }])).toEqual(
      [],
    );
  });

  it('reports an advisory against the version being published', () => {
    const found = detectVulnerabilities(manifest, [
      { ...advisory, name: 'acme/digest', range: '<=1.2.0', severity: 'medium' },
    ]);
    expect(found.map((f) => [f.path, f.severity])).toEqual([['version', 'medium']]);
  });
});
