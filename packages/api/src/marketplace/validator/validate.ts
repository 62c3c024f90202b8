import {
  findingSeverities,
  manifestSchema,
  type AgentManifest,
  type ValidationReport,
  type ValidationVerdict,
} from '@capecontrol/schema';
import { canonicalJson, sha256Hex } from './canonical';
import { analyseDependencies } from './detectors/dependencies';
import { detectEngines } from './detectors/engines';
import { detectInjection } from './detectors/injection';
import { detectPermissions } from './detectors/permissions';
import { detectSecrets } from './detectors/secrets';
import { detectTyposquatting } from './detectors/typosquatting';
import { detectInvisibleUnicode } from './detectors/unicode';
import { detectUrls } from './detectors/urls';
import { detectVulnerabilities } from './detectors/vulnerabilities';
import { performanceScore } from './performance';
import { schemaErrors } from './schema-errors';
import { textFields } from './text-fields';
import { finding, type Finding, type ValidationContext } from './types';

/**
 * Validates a manifest as published (`raw`: the parsed JSON document) and reports everything a
 * publisher and an installer need to know. Pure and synchronous: the caller loads the registry
 * view, advisories, popular names and observed runs first, so the same code runs offline in
 * `cape validate` (without a registry) and in the publish procedure.
 *
 * Verdict: `blocked` on a schema error or a critical finding; `warnings` on any low, medium or
 * high finding; `pass` otherwise (info findings change nothing).
 */
export function validateManifest(raw: unknown, context: ValidationContext): ValidationReport {
  // Runs on the raw input so a name that fails the schema because of an invisible character
  // is also explained as such.
  const unicode = detectInvisibleUnicode(raw);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      verdict: 'blocked',
      manifest: null,
      digest: null,
      schemaErrors: schemaErrors(parsed.error),
      findings: ordered(unicode),
      performance: { score: 0, static: 0, observed: null, factors: [] },
    };
  }
  const manifest = parsed.data;
  const fields = textFields(manifest);
  const dependencies = analyseDependencies(manifest, context);
  const findings = ordered([
    ...unicode,
    ...detectEngines(manifest, context.platformVersion),
    ...dependencies.findings,
    ...detectVulnerabilities(manifest, context.advisories ?? []),
    ...detectSecrets(fields),
    ...detectInjection(manifest, fields),
    ...detectUrls(manifest, fields),
    ...detectPermissions(manifest),
    ...detectTyposquatting(manifest, context.popularNames ?? []),
    ...quality(manifest),
  ]);
  return {
    verdict: verdict(findings),
    manifest,
    digest: sha256Hex(canonicalJson(manifest)),
    schemaErrors: [],
    findings,
    performance: performanceScore(manifest, dependencies.depth, context.observed),
  };
}

function quality(manifest: AgentManifest): Finding[] {
  if (manifest.readme.trim() !== '') return [];
  return [
    finding(
      'schema.missing-readme',
      'readme',
      'No readme: the listing will show only the description.',
    ),
  ];
}

function verdict(findings: readonly Finding[]): ValidationVerdict {
  if (findings.some((f) => f.severity === 'critical')) return 'blocked';
  return findings.some((f) => f.severity !== 'info') ? 'warnings' : 'pass';
}

/** Most severe first, then by path; one finding per code, path and message. */
function ordered(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => findingSeverities.indexOf(f.severity);
  const unique = new Map(findings.map((f) => [`${f.id}\u0000${f.path}\u0000${f.message}`, f]));
  // Plain code-unit order, not localeCompare: reports must not depend on the server's locale.
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...unique.values()].sort(
    (a, b) => rank(b) - rank(a) || compare(a.path, b.path) || compare(a.id, b.id),
  );
}
