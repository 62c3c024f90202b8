import semver from 'semver';
import { z } from 'zod';

/** The ten marketplace categories; every agent is in exactly one. */
export const marketplaceCategories = [
  'automation',
  'analytics',
  'security',
  'integration',
  'productivity',
  'development',
  'content',
  'research',
  'support',
  'operations',
] as const;
export const marketplaceCategorySchema = z.enum(marketplaceCategories, {
  error: () => `Category must be one of: ${marketplaceCategories.join(', ')}`,
});
export type MarketplaceCategory = z.infer<typeof marketplaceCategorySchema>;

/**
 * Tools an installed agent's model may be granted. `http.fetch` reaches only the hosts in
 * `permissions.network`; `agent.call` calls only declared dependencies.
 */
export const manifestTools = [
  'knowledge.search',
  'web.search',
  'http.fetch',
  'agent.call',
] as const;
export type ManifestTool = (typeof manifestTools)[number];

const namePart = '[a-z0-9][a-z0-9-]{0,38}[a-z0-9]';
/** `publisher/agent`: the publisher scope first; each part 2–40 lowercase letters, digits, dashes. */
export const manifestNameSchema = z
  .string()
  .regex(
    new RegExp(`^${namePart}/${namePart}$`),
    'Name must look like "publisher/agent": two parts of 2–40 lowercase letters, digits or dashes, not starting or ending with a dash',
  );

export const manifestVersionSchema = z
  .string()
  .max(64, 'Version must be at most 64 characters')
  .refine(
    (version) => semver.valid(version) === version,
    'Version must be a semantic version like "1.2.0" (no "v" prefix, no "+build" metadata)',
  );

export const semverRangeSchema = z
  .string()
  .min(1, 'Give a version range, e.g. "^1.2.0"')
  .max(200, 'A version range must be at most 200 characters')
  .refine(
    (range) => semver.validRange(range) !== null,
    'Must be a semver range such as "^1.2.0" or ">=0.1.0 <1.0.0"',
  );

/** A string of at most `max` characters (at least one when `required`), trimmed when `trim`. */
function text(label: string, max: number, options: { required?: boolean; trim?: boolean } = {}) {
  const base = options.trim ? z.string().trim() : z.string();
  const limited = base.max(max, `${label}: at most ${max.toLocaleString('en')} characters`);
  return options.required ? limited.min(1, `${label} is required`) : limited;
}

const httpsUrlSchema = z
  .url({ protocol: /^https$/, hostname: z.regexes.domain, error: 'Must be an https:// URL' })
  .max(500, 'A URL must be at most 500 characters');

/** `{{input}}`, `{{config.key}}` and `{{steps.<id>.output}}`; whitespace inside braces is allowed. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export type TemplateReference =
  | { kind: 'input'; text: string }
  | { kind: 'config'; key: string; text: string }
  | { kind: 'step'; id: string; text: string }
  | { kind: 'unknown'; text: string };

/** Every placeholder in a template, in order of appearance. */
export function templateReferences(template: string): TemplateReference[] {
  return [...template.matchAll(PLACEHOLDER)].map((match): TemplateReference => {
    const [text, inner = ''] = match;
    if (inner === 'input') return { kind: 'input', text };
    const config = /^config\.([A-Za-z][A-Za-z0-9_]*)$/.exec(inner);
    if (config?.[1]) return { kind: 'config', key: config[1], text };
    const step = /^steps\.([a-z][a-z0-9-]*)\.output$/.exec(inner);
    if (step?.[1]) return { kind: 'step', id: step[1], text };
    return { kind: 'unknown', text };
  });
}

/**
 * Fills a template in one pass: substituted text (the user's input, a step's output) is never
 * expanded again. A valid manifest only holds placeholders this can resolve.
 */
export function renderTemplate(
  template: string,
  values: {
    input: string;
    config: Record<string, string | number | boolean | undefined>;
    steps?: Record<string, string>;
  },
): string {
  return template.replace(PLACEHOLDER, (text: string, inner: string) => {
    const [reference] = templateReferences(`{{${inner}}}`);
    if (reference?.kind === 'input') return values.input;
    if (reference?.kind === 'config') return String(values.config[reference.key] ?? '');
    if (reference?.kind === 'step') return values.steps?.[reference.id] ?? '';
    return text;
  });
}

export const manifestPromptSchema = z.strictObject({
  system: text('The system prompt', 20_000, { required: true }),
  /** What the model receives as the user message; `{{input}}` is the user's request. */
  userTemplate: text('The user template', 4_000).default('{{input}}'),
  /** `null`: the platform's default model (the offline engine when no key is set). */
  model: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, 'Model must be a model id like "gpt-4o-mini"')
    .nullable()
    .default(null),
  temperature: z
    .number()
    .min(0, 'Temperature must be between 0 and 2')
    .max(2, 'Temperature must be between 0 and 2')
    .default(0.7),
  maxTokens: z
    .number()
    .int('Max tokens must be a whole number')
    .min(1, 'Max tokens must be between 1 and 32 000')
    .max(32_000, 'Max tokens must be between 1 and 32 000')
    .default(1_024),
});

export const manifestKnowledgeDocumentSchema = z.strictObject({
  title: text('Title', 200, { required: true, trim: true }),
  /** Markdown; headings become citeable sections. */
  body: text('A knowledge document', 100_000, { required: true }),
});

export const manifestConfigFieldSchema = z.strictObject({
  key: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
      'Config key must start with a letter and use letters, digits or "_" (at most 40)',
    ),
  label: text('Label', 100, { required: true, trim: true }),
  type: z.enum(['string', 'number', 'boolean', 'select'], {
    error: () => 'Type must be one of: string, number, boolean, select',
  }),
  required: z.boolean().default(false),
  /** Encrypted at rest and never returned; only string fields can be secret. */
  secret: z.boolean().default(false),
  default: z.union([text('Default', 2_000), z.number(), z.boolean()]).optional(),
  /** The choices of a `select` field. */
  options: z
    .array(z.string().min(1).max(100))
    .min(1, 'Give at least one option')
    .max(50)
    .optional(),
  description: text('Description', 500).optional(),
});
export type ManifestConfigField = z.output<typeof manifestConfigFieldSchema>;

const hostPattern =
  /^(?:\*|\*\.\*|(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)$/;
export const manifestPermissionsSchema = z.strictObject({
  network: z
    .array(
      z
        .string()
        .max(253)
        .regex(
          hostPattern,
          'A network host looks like "api.example.com" or "*.example.com" (lowercase, no scheme, port or path)',
        ),
    )
    .max(50, 'At most 50 network hosts')
    .default([]),
  tools: z
    .array(z.enum(manifestTools, { error: () => `Tools are: ${manifestTools.join(', ')}` }))
    .default([]),
});

export const manifestWorkflowStepSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,39}$/,
      'Step id must be lowercase letters, digits or dashes (at most 40)',
    ),
  /** A declared dependency, called with the rendered `input`. */
  agent: manifestNameSchema,
  input: text('Input', 8_000, { required: true }),
  description: text('Description', 500).optional(),
});
export type ManifestWorkflowStep = z.output<typeof manifestWorkflowStepSchema>;

const manifestFieldsSchema = z.strictObject({
  /** Lets editors find manifest.schema.json; dropped when parsed, so it is not part of a version. */
  $schema: z.string().max(500).optional(),
  manifestVersion: z.literal(1, { error: () => 'manifestVersion must be 1' }).default(1),
  name: manifestNameSchema.describe('"publisher/agent"; the publisher scope comes first'),
  version: manifestVersionSchema.describe('Semantic version; a published version never changes'),
  displayName: text('Display name', 80, { required: true, trim: true }),
  description: text('Description', 500, { required: true, trim: true }),
  category: marketplaceCategorySchema,
  tags: z
    .array(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'A tag is a lowercase slug (letters, digits, dashes)'),
    )
    .max(10, 'At most 10 tags')
    .default([]),
  license: z
    .string()
    .max(100)
    .regex(
      /^\(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?(?: (?:AND|OR|WITH) \(?[A-Za-z0-9][A-Za-z0-9.+-]*\)?)*$/,
      'License must be an SPDX identifier or expression such as "MIT" or "Apache-2.0"',
    ),
  homepage: httpsUrlSchema.optional(),
  repository: httpsUrlSchema.optional(),
  engines: z.strictObject({
    capecontrol: semverRangeSchema.describe('CapeControl versions this agent runs on'),
  }),
  kind: z
    .enum(['prompt', 'workflow'], { error: () => 'Kind must be "prompt" or "workflow"' })
    .describe(
      '"prompt": a system prompt and model settings; "workflow": steps calling other agents',
    ),
  prompt: manifestPromptSchema.optional().describe('Required for prompt agents'),
  knowledge: z
    .array(manifestKnowledgeDocumentSchema)
    .max(50, 'At most 50 knowledge documents')
    .default([]),
  config: z.array(manifestConfigFieldSchema).max(30, 'At most 30 config fields').default([]),
  permissions: manifestPermissionsSchema.default({ network: [], tools: [] }),
  dependencies: z
    .record(manifestNameSchema, semverRangeSchema)
    .default({})
    .describe('Agents this one calls, "publisher/agent": "semver range"'),
  /** Steps run in order; the agent's answer is the last step's output. */
  workflow: z
    .strictObject({
      steps: z
        .array(manifestWorkflowStepSchema)
        .min(1, 'A workflow needs at least one step')
        .max(20, 'At most 20 steps'),
    })
    .optional()
    .describe('Required for workflow agents'),
  readme: text('The readme', 100_000).default(''),
});

type ManifestFields = z.output<typeof manifestFieldsSchema>;
type Issue = { message: string; path: PropertyKey[] };

/** Rules between fields; zod skips them while a field is missing or of the wrong type. */
function crossFieldIssues(m: ManifestFields): Issue[] {
  const issues: Issue[] = [];
  const add = (message: string, ...path: PropertyKey[]) => issues.push({ message, path });
  if (m.kind === 'prompt' && !m.prompt) add('A prompt agent needs a "prompt" section', 'prompt');
  if (m.kind === 'prompt' && m.workflow) add('Only workflow agents have a "workflow"', 'workflow');
  if (m.kind === 'workflow' && !m.workflow)
    add('A workflow agent needs "workflow.steps"', 'workflow');
  if (m.kind === 'workflow' && m.prompt)
    add('A workflow agent has no "prompt"; its steps call other agents', 'prompt');
  if (m.kind === 'workflow' && m.knowledge.length > 0) {
    add(
      'Only prompt agents use knowledge; a workflow step uses its own agent’s knowledge',
      'knowledge',
    );
  }
  duplicates(m.tags).forEach((i) => add(`Tag "${m.tags[i] ?? ''}" is listed twice`, 'tags', i));
  duplicates(m.permissions.network).forEach((i) =>
    add('This host is listed twice', 'permissions', 'network', i),
  );
  duplicates(m.permissions.tools).forEach((i) =>
    add('This tool is listed twice', 'permissions', 'tools', i),
  );

  const keys = m.config.map((field) => field.key);
  duplicates(keys).forEach((i) =>
    add(`Config key "${keys[i] ?? ''}" is used twice`, 'config', i, 'key'),
  );
  m.config.forEach((field, i) => {
    const at = (message: string, key: string) => add(message, 'config', i, key);
    if (field.secret && field.type !== 'string') at('Only string fields can be secret', 'secret');
    if (field.secret && field.default !== undefined)
      at('A secret field cannot have a default', 'default');
    if (field.type === 'select' && !field.options) at('A select field needs options', 'options');
    if (field.type !== 'select' && field.options) at('Only select fields have options', 'options');
    if (field.default === undefined || field.secret) return;
    const expected = field.type === 'select' ? 'string' : field.type;
    if (typeof field.default !== expected) at(`The default must be a ${expected}`, 'default');
    else if (field.options && !field.options.includes(String(field.default)))
      at('The default must be one of the options', 'default');
  });

  const depNames = Object.keys(m.dependencies);
  if (depNames.length > 20) add('At most 20 dependencies', 'dependencies');
  if (Object.hasOwn(m.dependencies, m.name))
    add('An agent cannot depend on itself', 'dependencies', m.name);

  // `steps` is null outside workflows, else the ids of the earlier steps.
  const checkTemplate = (
    template: string,
    input: boolean,
    steps: string[] | null,
    path: PropertyKey[],
  ) => {
    const usable = [input && '{{input}}', '{{config.key}}', steps && '{{steps.<id>.output}}'];
    for (const ref of templateReferences(template)) {
      if (ref.kind === 'config' && !keys.includes(ref.key)) {
        add(`${ref.text} names no config field; declare "${ref.key}" in config`, ...path);
      } else if (ref.kind === 'step' && steps && !steps.includes(ref.id)) {
        add(`${ref.text} must name an earlier step`, ...path);
      } else if (
        (ref.kind === 'input' && !input) ||
        (ref.kind === 'step' && !steps) ||
        ref.kind === 'unknown'
      ) {
        add(
          `${ref.text} is not a placeholder here; use ${usable.filter(Boolean).join(' or ')}`,
          ...path,
        );
      }
    }
  };
  if (m.kind === 'prompt' && m.prompt) {
    // The user's text stays out of the system prompt, where it would outrank the publisher's rules.
    checkTemplate(m.prompt.system, false, null, ['prompt', 'system']);
    checkTemplate(m.prompt.userTemplate, true, null, ['prompt', 'userTemplate']);
    if (!templateReferences(m.prompt.userTemplate).some((ref) => ref.kind === 'input')) {
      add(
        'The user template must include {{input}}, or the request never reaches the model',
        'prompt',
        'userTemplate',
      );
    }
  }
  if (m.kind === 'workflow' && m.workflow) {
    const steps = m.workflow.steps;
    duplicates(steps.map((step) => step.id)).forEach((i) =>
      add('Step ids must be unique', 'workflow', 'steps', i, 'id'),
    );
    steps.forEach((step, i) => {
      if (!Object.hasOwn(m.dependencies, step.agent)) {
        add(
          `"${step.agent}" is not in dependencies; declare it with a version range`,
          'workflow',
          'steps',
          i,
          'agent',
        );
      }
      const earlier = steps.slice(0, i).map((s) => s.id);
      checkTemplate(step.input, true, earlier, ['workflow', 'steps', i, 'input']);
    });
    if (!steps.some((step) => templateReferences(step.input).some((ref) => ref.kind === 'input'))) {
      add('No step uses {{input}}, so the user’s request would be ignored', 'workflow', 'steps');
    }
  }
  return issues;
}

/** Indexes of the items that repeat an earlier one. */
function duplicates(items: readonly string[]): number[] {
  return items.flatMap((item, i) => (items.indexOf(item) < i ? [i] : []));
}

/** The version-1 agent manifest: a marketplace package, data only, never code. */
export const manifestSchema = manifestFieldsSchema
  .superRefine((manifest, ctx) => {
    for (const issue of crossFieldIssues(manifest)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .transform(({ $schema: _schema, ...manifest }) => manifest)
  .meta({ title: 'CapeControl agent manifest, version 1' });
export type AgentManifest = z.output<typeof manifestSchema>;
export type AgentManifestInput = z.input<typeof manifestSchema>;

/** JSON Schema of the manifest for editors (cross-field rules are checked by the validator only). */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { io: 'input', unrepresentable: 'any' });
}
