import { manifestSchema, type AgentManifest, type AgentManifestInput } from '@capecontrol/schema';
import type { TextField } from './text-fields';
import type { RegistryView } from './types';

/** A small valid prompt agent (raw input form); tests override what they exercise. */
export function promptInput(overrides: Partial<AgentManifestInput> = {}): AgentManifestInput {
  return {
    name: 'acme/release-notes',
    version: '1.2.0',
    displayName: 'Release notes writer',
    description: 'Turns a list of merged pull requests into release notes.',
    category: 'development',
    tags: ['changelog'],
    license: 'MIT',
    engines: { capecontrol: '>=0.1.0 <1.0.0' },
    kind: 'prompt',
    prompt: { system: 'You write concise, accurate release notes.', userTemplate: '{{input}}' },
    readme: '# Release notes writer',
    ...overrides,
  };
}

/** A valid two-step workflow agent calling acme/extract then acme/summarise. */
export function workflowInput(overrides: Partial<AgentManifestInput> = {}): AgentManifestInput {
  return {
    ...promptInput({ name: 'acme/digest', displayName: 'Digest', kind: 'workflow' }),
    prompt: undefined,
    dependencies: { 'acme/extract': '^1.0.0', 'acme/summarise': '^2.0.0' },
    workflow: {
      steps: [
        { id: 'extract', agent: 'acme/extract', input: '{{input}}' },
        { id: 'summary', agent: 'acme/summarise', input: '{{steps.extract.output}}' },
      ],
    },
    ...overrides,
  };
}

export function parse(input: AgentManifestInput): AgentManifest {
  return manifestSchema.parse(input);
}

export function templateField(text: string, path = 'prompt.system'): TextField {
  return { path, text, role: 'template' };
}

type Versions = ReturnType<RegistryView['versions']>;

/** A registry from `{ name: [{ version, dependencies?, enginesRange?, yanked?, deprecated? }] }`. */
export function registryOf(
  packages: Record<string, Array<Partial<Versions[number]> & { version: string }>>,
): RegistryView {
  return {
    versions: (name) =>
      (packages[name] ?? []).map((v) => ({
        dependencies: {},
        enginesRange: '*',
        yanked: false,
        deprecated: null,
        ...v,
      })),
  };
}
