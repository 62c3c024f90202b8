import type { AgentManifest } from '@capecontrol/schema';
import semver from 'semver';
import { finding, type Finding } from '../types';

/**
 * Whether an engines range admits a platform version. Prereleases count (`0.3.0-dev` satisfies
 * `>=0.2.0`): a development build of the platform must run the agents its release will.
 */
export function enginesAllow(range: string, platformVersion: string): boolean {
  try {
    return semver.satisfies(platformVersion, range, { includePrerelease: true });
  } catch {
    return false;
  }
}

/** `engines.capecontrol` must admit the running platform, or the agent fails at run time. */
export function detectEngines(manifest: AgentManifest, platformVersion: string): Finding[] {
  const range = manifest.engines.capecontrol;
  if (!enginesAllow(range, platformVersion)) {
    return [
      finding(
        'engines.incompatible',
        'engines.capecontrol',
        `"${range}" does not include this platform's version ${platformVersion}; it could not be installed here.`,
      ),
    ];
  }
  // A range with no upper bound promises to work on majors that do not exist yet.
  if (semver.satisfies('99999.0.0', range)) {
    return [
      finding(
        'engines.unbounded',
        'engines.capecontrol',
        `"${range}" has no upper bound; consider "<${semver.major(platformVersion) + 1}.0.0" so a future major with breaking changes does not run it.`,
      ),
    ];
  }
  return [];
}
