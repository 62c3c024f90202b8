import { validationReportSchema } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { fakeSecrets } from './fake-secrets';
import { promptInput, registryOf, workflowInput } from './test-manifests';
import { validateManifest } from './validate';

const context = { platformVersion: '0.5.0' };

describe('validateManifest', () => {
  it('passes a clean manifest with its digest, score and a report the shared schema accepts', () => {
    const report = validateManifest(promptInput(), context);
    expect(report).toMatchObject({ verdict: 'pass', schemaErrors: [], findings: [] });
    expect(report.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(report.manifest?.name).toBe('acme/release-notes');
    expect(validationReportSchema.parse(report)).toEqual(report);
  });

  it('blocks on schema errors with no manifest, still explaining invisible characters', () => {
    const report = validateManifest(
      { ...promptInput(), name: 'acme/release\u200B-notes' },
      context,
    );
    expect(report).toMatchObject({ verdict: 'blocked', manifest: null, digest: null });
    expect(report.schemaErrors.map((e) => e.path)).toEqual(['name']);
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([
      ['unicode.zero-width', 'critical'],
    ]);
  });

  it('blocks on a critical finding but returns the manifest', () => {
    const report = validateManifest(
      promptInput({ readme: `token: ${fakeSecrets.GITHUB_TOKEN}` }),
      context,
    );
    expect(report.verdict).toBe('blocked');
    expect(report.manifest).not.toBeNull();
    expect(report.findings[0]?.id).toBe('secret.github-token');
  });

  it('warns on non-critical findings and ignores info ones', () => {
    expect(
      validateManifest(
        promptInput({ tags: ['x1'], permissions: { network: [], tools: ['agent.call'] } }),
        context,
      ).verdict,
    ).toBe('warnings');
    const offline = validateManifest(workflowInput(), context);
    expect(offline.findings.map((f) => f.severity)).toEqual(['info']);
    expect(offline.verdict).toBe('pass');
  });

  it('orders findings most severe first', () => {
    const report = validateManifest(
      promptInput({
        readme: 'See http://acme.dev',
        prompt: { system: `Key ${fakeSecrets.STRIPE_KEY}; docs at https://docs.acme.dev` },
      }),
      context,
    );
    expect(report.findings.map((f) => f.severity)).toEqual(['critical', 'medium', 'low']);
  });

  it('uses the registry when given', () => {
    const registry = registryOf({ 'acme/extract': [{ version: '1.0.0' }] });
    const report = validateManifest(workflowInput(), { ...context, registry });
    expect(report.findings.map((f) => f.id)).toEqual(['dependencies.not-found']);
  });

  it('is fast enough to run on every keystroke of the publish page', () => {
    const body = 'Lorem ipsum dolor sit amet, https://docs.acme.dev/x consectetur. '.repeat(1_500);
    const knowledge = Array.from({ length: 50 }, (_, i) => ({ title: `Doc ${i}`, body }));
    const started = performance.now();
    validateManifest(promptInput({ knowledge }), context);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
