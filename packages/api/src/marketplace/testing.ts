import type { AgentManifestInput } from '@capecontrol/schema';

/** A valid prompt-agent manifest for tests; override any field. */
export function promptManifest(
  overrides: Partial<AgentManifestInput> & { name: string; version: string },
): AgentManifestInput {
  return {
    displayName: `Agent ${overrides.name}`,
    description: 'Summarises meeting notes into decisions and action items.',
    category: 'productivity',
    tags: ['meetings', 'summary'],
    license: 'MIT',
    engines: { capecontrol: '>=0.1.0' },
    kind: 'prompt',
    prompt: {
      system: 'You turn meeting notes into a list of decisions and action items with owners.',
    },
    knowledge: [
      {
        title: 'Action items',
        body: '# Action items\n\nEvery action item names one owner and a due date. Decisions are listed before action items.',
      },
    ],
    readme: '# Meeting summariser\n\nPaste your notes; get decisions and action items.',
    ...overrides,
  };
}

/** A workflow manifest calling the given dependencies in order. */
export function workflowManifest(
  name: string,
  version: string,
  dependencies: Record<string, string>,
): AgentManifestInput {
  const agents = Object.keys(dependencies);
  return {
    name,
    version,
    displayName: `Workflow ${name}`,
    description: 'Runs its dependency agents one after another.',
    category: 'automation',
    tags: ['workflow'],
    license: 'MIT',
    engines: { capecontrol: '>=0.1.0' },
    kind: 'workflow',
    dependencies,
    permissions: { network: [], tools: ['agent.call'] },
    workflow: {
      steps: agents.map((agent, index) => ({
        id: `step-${index + 1}`,
        agent,
        input: index === 0 ? '{{input}}' : `Continue from: {{steps.step-${index}.output}}`,
      })),
    },
    readme: `# ${name}\n`,
  };
}
