import type { AgentManifestInput } from '@capecontrol/schema';
import type { CatalogueAgent, CatalogueVersion } from './types';

/** The platform versions catalogue agents are written for: every 0.x release. */
export const CATALOGUE_ENGINES = '>=0.1.0 <1.0.0';

type Fields = Omit<AgentManifestInput, 'version' | 'engines' | 'manifestVersion' | 'readme'> & {
  name: string;
  kind: 'prompt' | 'workflow';
  engines?: AgentManifestInput['engines'];
  /** The readme's own text; "Try it", the workflow's steps and the version history are appended. */
  readme: string;
};

export interface VersionSpec {
  version: string;
  /** What changed in this version (the readme's version history). */
  notes: string;
  /** How this version's manifest differs from the newest one. */
  changes?: Partial<Omit<AgentManifestInput, 'name' | 'version' | 'kind'>>;
  deprecated?: string;
  yanked?: string;
}

export interface AgentSpec extends Fields {
  sample: string;
  /** Oldest first; the last one is the manifest written in `Fields`. */
  versions: VersionSpec[];
  /** Deprecates every version of the agent. */
  deprecatedAgent?: string;
}

/**
 * A catalogue agent from its newest manifest and its version history: each version is the
 * newest manifest with that version's `changes`, and a readme ending in a runnable example, the
 * workflow's steps and the history up to that version.
 */
export function defineAgent(spec: AgentSpec): CatalogueAgent {
  const { sample, versions, deprecatedAgent, readme, engines, ...fields } = spec;
  const built = versions.map((current, index): CatalogueVersion => {
    const history = versions
      .slice(0, index + 1)
      .reverse()
      .map((entry) => `- **${entry.version}**: ${entry.notes}`);
    const manifest = {
      ...fields,
      engines: engines ?? { capecontrol: CATALOGUE_ENGINES },
      ...current.changes,
    };
    const sections = [
      readme.trim(),
      `## Try it\n\n\`\`\`text\n${sample}\n\`\`\``,
      stepsSection(manifest),
      `## Versions\n\n${history.join('\n')}`,
    ];
    return {
      manifest: {
        ...manifest,
        name: spec.name,
        version: current.version,
        readme: `${sections.filter(Boolean).join('\n\n')}\n`,
      },
      ...(current.deprecated ? { deprecated: current.deprecated } : {}),
      ...(current.yanked ? { yanked: current.yanked } : {}),
    };
  });
  return {
    name: spec.name,
    kind: spec.kind,
    versions: built,
    sample,
    ...(deprecatedAgent ? { deprecated: deprecatedAgent } : {}),
  };
}

function stepsSection(manifest: Partial<AgentManifestInput>): string {
  const steps = manifest.workflow?.steps ?? [];
  if (steps.length === 0) return '';
  const lines = steps.map(
    (step, index) =>
      `${index + 1}. **${step.id}**: \`${step.agent}\`${step.description ? `, ${step.description}` : ''}`,
  );
  return `## Steps\n\nEach step runs as a step of the task, with its own live output.\n\n${lines.join('\n')}`;
}
