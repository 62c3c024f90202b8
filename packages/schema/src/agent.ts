import { z } from 'zod';
import { idSchema } from './common';
import { citationSchema, domainSchema, playbookStepSchema } from './task';

export const GUIDE_AGENT_ID = 'cape-ai-guide';
export const SPECIALIST_AGENT_ID = 'cape-ai-domain-specialist';

const chatTurnSchema = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(8_000, 'A message must be at most 8000 characters'),
});

export const pageContextSchema = z.strictObject({
  /** Where the user is in the app, e.g. `/marketplace/acme/summariser`. */
  path: z.string().max(500).optional(),
  title: z.string().max(200).optional(),
});

export const guideInputSchema = z.strictObject({
  question: z
    .string()
    .trim()
    .min(1, 'Ask a question')
    .max(2_000, 'A question must be at most 2000 characters'),
  history: z.array(chatTurnSchema).max(20, 'At most 20 earlier messages').default([]),
  pageContext: pageContextSchema.optional(),
});
export type GuideInput = z.input<typeof guideInputSchema>;

export const guideOutputSchema = z.object({
  answer: z.string(),
  citations: z.array(citationSchema),
  suggestions: z.array(z.string()).max(4),
  /** False when nothing relevant was found and the answer says so. */
  grounded: z.boolean(),
});
export type GuideOutput = z.infer<typeof guideOutputSchema>;

export const specialistInputSchema = z.strictObject({
  question: z
    .string()
    .trim()
    .min(1, 'Ask a question')
    .max(4_000, 'A question must be at most 4000 characters'),
  /** Skip detection and use this domain. */
  domain: domainSchema.optional(),
  /** Extra context: the system, constraints, what was tried. */
  context: z.string().max(8_000).optional(),
});
export type SpecialistInput = z.input<typeof specialistInputSchema>;

export const riskSchema = z.object({
  title: z.string().min(1).max(200),
  severity: z.enum(['low', 'medium', 'high']),
  mitigation: z.string().min(1).max(600),
});

export const resourceLinkSchema = z.object({
  title: z.string().min(1).max(200),
  url: z.string().min(1).max(500),
  kind: z.enum(['doc', 'guide', 'reference', 'tool']),
});

/** What the LLM (JSON-schema response format) or the offline engine must produce. */
export const specialistPlanSchema = z.object({
  focusArea: z.string().min(1).max(120),
  answer: z.string().min(1).max(6_000),
  playbook: z.array(playbookStepSchema).min(3).max(10),
  insights: z.array(z.string().min(1).max(600)).min(1).max(8),
  risks: z.array(riskSchema).max(6),
  resources: z.array(resourceLinkSchema).max(8),
});
export type SpecialistPlan = z.infer<typeof specialistPlanSchema>;

export const domainDetectionSchema = z.object({
  domain: domainSchema,
  confidence: z.number().min(0).max(1),
  runnerUp: z.object({ domain: domainSchema, confidence: z.number().min(0).max(1) }).nullable(),
  /** True when the caller chose the domain. */
  chosen: z.boolean(),
});
export type DomainDetection = z.infer<typeof domainDetectionSchema>;

export const specialistOutputSchema = specialistPlanSchema.extend({
  detection: domainDetectionSchema,
});
export type SpecialistOutput = z.infer<typeof specialistOutputSchema>;

/** Agent `.stream` procedures create (or, on reconnect, rejoin) a task; choose its id. */
export const streamAgentInputSchema = <TSchema extends z.ZodObject>(inputSchema: TSchema) =>
  z.strictObject({
    taskId: idSchema,
    input: inputSchema,
    lastEventId: z
      .union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()])
      .nullish(),
  });

export const agentHealthSchema = z.object({
  agent: z.string(),
  status: z.enum(['ok', 'degraded']),
  llm: z.object({ provider: z.enum(['openai', 'offline']), model: z.string() }),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type AgentHealth = z.infer<typeof agentHealthSchema>;

export const domainCapabilitySchema = z.object({
  domain: domainSchema,
  title: z.string(),
  description: z.string(),
  focusAreas: z.array(z.object({ id: z.string(), title: z.string(), description: z.string() })),
});

export const specialistCapabilitiesSchema = z.object({
  domains: z.array(domainCapabilitySchema),
  /** JSON Schema of the structured output. */
  outputSchema: z.record(z.string(), z.unknown()),
});
export type SpecialistCapabilities = z.infer<typeof specialistCapabilitiesSchema>;

export const agentSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string(),
  kind: z.enum(['builtin', 'installed']),
  streaming: z.boolean(),
});
export type AgentSummary = z.infer<typeof agentSummarySchema>;

export const knowledgeDocumentInputSchema = z.strictObject({
  slug: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Slug must be lowercase letters, digits and dashes'),
  title: z.string().trim().min(1).max(200),
  /** Markdown; `#`/`##`/`###` headings become citeable sections. */
  body: z.string().min(1).max(200_000),
});
export type KnowledgeDocumentInput = z.input<typeof knowledgeDocumentInputSchema>;

export const knowledgeDocumentSchema = z.object({
  id: idSchema,
  slug: z.string(),
  title: z.string(),
  body: z.string(),
  source: z.enum(['builtin', 'admin']),
  sections: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;

/** Names one knowledge document, by id or by slug (exactly one). */
export const knowledgeDocumentKeySchema = z
  .strictObject({
    id: idSchema.optional(),
    slug: knowledgeDocumentInputSchema.shape.slug.optional(),
  })
  .refine((key) => (key.id === undefined) !== (key.slug === undefined), 'Give either id or slug')
  .transform((key): { id: string } | { slug: string } =>
    key.id ? { id: key.id } : { slug: key.slug as string },
  );
