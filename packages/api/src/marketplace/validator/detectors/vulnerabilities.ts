import type { AgentManifest } from '@capecontrol/schema';
import semver from 'semver';
import { formatPath } from '../paths';
import { finding, type Advisory, type Finding } from '../types';

function intersects(a: string, b: string): boolean {
  try {
    return semver.intersects(a, b);
  } catch {
    return false;
  }
}

/**
 * Advisories against the agent's dependencies: a dependency range that admits any affected
 * version is reported with the advisory's severity (critical blocks). An advisory against this
 * very version of the agent is reported too, so a flagged version is not published again.
 */
export function detectVulnerabilities(
  manifest: AgentManifest,
  advisories: readonly Advisory[],
): Finding[] {
  const findings: Finding[] = [];
  for (const advisory of advisories) {
    const about = `${advisory.id} (${advisory.severity}): ${advisory.summary.replace(/\.\s*$/, '')}`;
    if (advisory.name === manifest.name) {
      if (semver.satisfies(manifest.version, advisory.range)) {
        findings.push(
          finding(
            'vulnerabilities.advisory',
            'version',
            `This version is affected by ${about}; affected: ${advisory.range}.`,
            advisory.severity,
          ),
        );
      }
      continue;
    }
    const range = manifest.dependencies[advisory.name];
    if (range === undefined || !intersects(range, advisory.range)) continue;
    findings.push(
      finding(
        'vulnerabilities.advisory',
        formatPath(['dependencies', advisory.name]),
        `"${range}" admits versions of ${advisory.name} affected by ${about}; affected: ${advisory.range}. Narrow the range to fixed versions.`,
        advisory.severity,
      ),
    );
  }
  return findings;
}
