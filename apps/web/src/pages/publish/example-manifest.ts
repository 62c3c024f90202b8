/** A complete, valid prompt-agent manifest to start from (scope and name to be changed). */
export function exampleManifest(scope: string): string {
  return `${JSON.stringify(
    {
      name: `${scope}/meeting-notes`,
      version: '1.0.0',
      displayName: 'Meeting notes',
      description: 'Turns raw meeting notes into decisions and action items with owners.',
      category: 'productivity',
      tags: ['meetings', 'summary'],
      license: 'MIT',
      engines: { capecontrol: '>=0.1.0' },
      kind: 'prompt',
      prompt: {
        system:
          'You turn meeting notes into a list of decisions, then action items, each with one owner and a due date.',
        userTemplate: 'Notes:\n{{input}}',
        temperature: 0.3,
        maxTokens: 800,
      },
      config: [],
      permissions: { network: [], tools: [] },
      dependencies: {},
      readme: '# Meeting notes\n\nPaste your notes; get the decisions and the action items.',
    },
    null,
    2,
  )}\n`;
}
