import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allFindingCodes } from './codes';
import { withFakeSecrets } from './fake-secrets';
import { registryOf } from './test-manifests';
import type { Advisory, ValidationContext } from './types';
import { validateManifest } from './validate';

/**
 * The validator's acceptance corpus: every manifest in corpus/ is validated against the context
 * in corpus/context.json (offline ones without the registry), and must produce exactly the
 * verdict, the distinct finding ids and the schema error paths that corpus/expected.json lists.
 */
const dir = fileURLToPath(new URL('./corpus/', import.meta.url));
const readJson = (file: string): unknown =>
  JSON.parse(withFakeSecrets(readFileSync(dir + file, 'utf8')));

interface Expectation {
  verdict: 'pass' | 'warnings' | 'blocked';
  findings: string[];
  schemaErrors?: string[];
  offline?: boolean;
}
const expected = readJson('expected.json') as Record<string, Expectation>;
const raw = readJson('context.json') as {
  platformVersion: string;
  popularNames: string[];
  advisories: Advisory[];
  registry: Parameters<typeof registryOf>[0];
};
const online: ValidationContext = { ...raw, registry: registryOf(raw.registry) };
const offline: ValidationContext = { ...online, registry: undefined };

const manifests = readdirSync(dir)
  .filter((file) => file.endsWith('.json') && file !== 'expected.json' && file !== 'context.json')
  .sort();

describe('validator corpus', () => {
  it('has at least 40 manifests, each with an expectation and vice versa', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual(manifests);
  });

  it.each(manifests)('%s', (file) => {
    const expectation = expected[file];
    if (!expectation) throw new Error(`No expectation for ${file}`);
    const report = validateManifest(readJson(file), expectation.offline ? offline : online);
    const summary = {
      verdict: report.verdict,
      findings: [...new Set(report.findings.map((f) => f.id))].sort(),
      schemaErrors: report.schemaErrors.map((e) => e.path),
    };
    expect(
      summary,
      JSON.stringify(report.findings.concat(report.schemaErrors as never[]), null, 2),
    ).toEqual({
      verdict: expectation.verdict,
      findings: [...expectation.findings].sort(),
      schemaErrors: expectation.schemaErrors ?? [],
    });
    expect(report.manifest === null).toBe(report.schemaErrors.length > 0);
  });

  it('covers every finding code and every verdict', () => {
    const covered = new Set(Object.values(expected).flatMap((e) => e.findings));
    expect(allFindingCodes.filter((code) => !covered.has(code))).toEqual([]);
    expect(new Set(Object.values(expected).map((e) => e.verdict))).toEqual(
      new Set(['pass', 'warnings', 'blocked']),
    );
  });
});
