import {
  manifestSchema,
  marketplaceCategories,
  renderTemplate,
  templateReferences,
  type AgentManifestInput,
} from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { schemaErrors } from './schema-errors';
import { promptInput, workflowInput } from './test-manifests';

/** The schema errors of a manifest as `path: message` strings. */
function errorsOf(input: unknown): string[] {
  const result = manifestSchema.safeParse(input);
  return result.success ? [] : schemaErrors(result.error).map((e) => `${e.path}: ${e.message}`);
}

function expectError(input: AgentManifestInput, path: string, message: RegExp) {
  const errors = errorsOf(input);
  expect(
    errors.some((e) => e.startsWith(`${path}: `) && message.test(e)),
    errors.join('\n'),
  ).toBe(true);
}

describe('manifest schema', () => {
  it('accepts a minimal prompt agent and applies defaults', () => {
    const manifest = manifestSchema.parse(promptInput({ tags: undefined, readme: undefined }));
    expect(manifest).toMatchObject({
      manifestVersion: 1,
      tags: [],
      knowledge: [],
      config: [],
      dependencies: {},
      permissions: { network: [], tools: [] },
      readme: '',
      prompt: { model: null, temperature: 0.7, maxTokens: 1024, userTemplate: '{{input}}' },
    });
  });

  it('accepts a workflow agent and drops the editor-only $schema key', () => {
    const manifest = manifestSchema.parse({
      $schema: './manifest.schema.json',
      ...workflowInput(),
    });
    expect(manifest.workflow?.steps).toHaveLength(2);
    expect(manifest).not.toHaveProperty('$schema');
  });

  it('exports exactly the ten categories', () => {
    expect(marketplaceCategories).toHaveLength(10);
    expectError(promptInput({ category: 'games' as never }), 'category', /one of: automation/);
  });

  it.each([
    ['Acme/notes', 'upper case'],
    ['acme', 'no publisher'],
    ['a/notes', 'one-character publisher'],
    ['acme/-notes', 'leading dash'],
    [`acme/${'x'.repeat(41)}`, '41 characters'],
  ])('rejects the name %s (%s)', (name) => {
    expectError(promptInput({ name }), 'name', /publisher\/agent/);
  });

  it.each(['v1.2.0', '1.2', '1.2.0+build.5', '01.2.0'])('rejects the version %s', (version) => {
    expectError(promptInput({ version }), 'version', /semantic version/);
  });

  it('rejects invalid ranges, duplicate tags and unknown fields with readable paths', () => {
    expectError(
      promptInput({ engines: { capecontrol: 'latest' } }),
      'engines.capecontrol',
      /semver range/,
    );
    expectError(promptInput({ tags: ['a1', 'a1'] }), 'tags[1]', /listed twice/);
    expect(errorsOf({ ...promptInput(), descripton: 'typo' })).toContain(
      'descripton: Unknown field "descripton"; manifest version 1 has no such field',
    );
    expectError(promptInput({ homepage: 'http://acme.dev' }), 'homepage', /https/);
  });

  it('requires the section that matches the kind', () => {
    expectError(promptInput({ prompt: undefined }), 'prompt', /prompt agent needs/);
    expectError(workflowInput({ workflow: undefined }), 'workflow', /workflow agent needs/);
    expectError(
      workflowInput({ knowledge: [{ title: 'Notes', body: 'x' }] }),
      'knowledge',
      /Only prompt agents/,
    );
  });

  it('checks config fields: unique keys, secrets without defaults, select options, typed defaults', () => {
    const field = { label: 'Field', type: 'string' as const };
    expectError(
      promptInput({
        config: [
          { key: 'a', ...field },
          { key: 'a', ...field },
        ],
      }),
      'config[1].key',
      /used twice/,
    );
    expectError(
      promptInput({ config: [{ key: 'token', ...field, secret: true, default: 'x' }] }),
      'config[0].default',
      /secret field cannot/,
    );
    expectError(
      promptInput({ config: [{ key: 'mode', label: 'Mode', type: 'select' }] }),
      'config[0].options',
      /needs options/,
    );
    expectError(
      promptInput({ config: [{ key: 'n', label: 'N', type: 'number', default: 'five' }] }),
      'config[0].default',
      /must be a number/,
    );
    expectError(
      promptInput({
        config: [{ key: 'm', label: 'M', type: 'select', options: ['a', 'b'], default: 'c' }],
      }),
      'config[0].default',
      /one of the options/,
    );
  });

  it('checks placeholders against config keys, earlier steps and where {{input}} may go', () => {
    expectError(
      promptInput({ prompt: { system: 'For {{config.team}}' } }),
      'prompt.system',
      /names no config field/,
    );
    expectError(
      promptInput({ prompt: { system: 'Answer {{input}}' } }),
      'prompt.system',
      /not a placeholder here/,
    );
    expectError(
      promptInput({ prompt: { system: 'x', userTemplate: 'no input' } }),
      'prompt.userTemplate',
      /must include \{\{input\}\}/,
    );
    const steps = [
      { id: 'summary', agent: 'acme/summarise', input: '{{steps.extract.output}}' },
      { id: 'extract', agent: 'acme/extract', input: '{{input}}' },
    ];
    expectError(workflowInput({ workflow: { steps } }), 'workflow.steps[0].input', /earlier step/);
  });

  it('requires workflow steps to call declared dependencies, and no self-dependency', () => {
    const steps = [{ id: 'one', agent: 'acme/other', input: '{{input}}' }];
    expectError(
      workflowInput({ workflow: { steps } }),
      'workflow.steps[0].agent',
      /not in dependencies/,
    );
    expectError(
      workflowInput({
        dependencies: {
          'acme/digest': '^1.0.0',
          'acme/extract': '^1.0.0',
          'acme/summarise': '^2.0.0',
        },
      }),
      'dependencies["acme/digest"]',
      /depend on itself/,
    );
  });

  it('reads and renders the template grammar the runtime will use', () => {
    expect(
      templateReferences('{{ input }} {{config.team}} {{steps.a-1.output}} {{other}}'),
    ).toEqual([
      { kind: 'input', text: '{{ input }}' },
      { kind: 'config', key: 'team', text: '{{config.team}}' },
      { kind: 'step', id: 'a-1', text: '{{steps.a-1.output}}' },
      { kind: 'unknown', text: '{{other}}' },
    ]);
    expect(
      renderTemplate('{{input}} for {{ config.team }} after {{steps.a.output}}', {
        input: 'notes',
        config: { team: 'Core' },
        steps: { a: 'draft' },
      }),
    ).toBe('notes for Core after draft');
  });

  it('never expands placeholders that arrive inside substituted text', () => {
    const rendered = renderTemplate('Q: {{input}}', {
      input: '{{config.token}}',
      config: { token: 'secret' },
    });
    expect(rendered).toBe('Q: {{config.token}}');
  });
});
