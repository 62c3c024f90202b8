import { z } from 'zod';
import { idSchema, isoDateTimeSchema } from './common';

export const taskStatuses = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'timed_out',
] as const;
export const taskStatusSchema = z.enum(taskStatuses);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const terminalTaskStatuses = ['succeeded', 'failed', 'cancelled', 'timed_out'] as const;
export const terminalTaskStatusSchema = z.enum(terminalTaskStatuses);
export type TerminalTaskStatus = z.infer<typeof terminalTaskStatusSchema>;

export function isTerminalStatus(status: TaskStatus): status is TerminalTaskStatus {
  return (terminalTaskStatuses as readonly string[]).includes(status);
}

/** A built-in agent (`cape-ai-guide`) or a marketplace agent (`publisher/agent`). */
export const agentIdSchema = z
  .string()
  .max(128, 'Agent id must be at most 128 characters')
  .regex(
    /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/,
    'Agent id must look like "cape-ai-guide" or "publisher/agent"',
  );

export const stepKinds = ['retrieve', 'classify', 'llm', 'compose', 'tool', 'agent_call'] as const;
export const stepKindSchema = z.enum(stepKinds);
export type StepKind = z.infer<typeof stepKindSchema>;

export const stepStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const taskErrorSchema = z.object({
  /** Machine-readable reason, e.g. `llm_unavailable`, `timeout`, `cancelled`, `lease_lost`. */
  code: z.string(),
  message: z.string(),
});
export type TaskError = z.infer<typeof taskErrorSchema>;

export const usageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof usageSchema>;

export const citationSchema = z.object({
  /** 1-based number used in the answer text as [n]. */
  index: z.number().int().positive(),
  documentSlug: z.string(),
  title: z.string(),
  section: z.string(),
  snippet: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

export const domains = [
  'workflow_automation',
  'data_analytics',
  'security_audit',
  'integration_helper',
] as const;
export const domainSchema = z.enum(domains);
export type Domain = z.infer<typeof domainSchema>;

export const playbookStepSchema = z.object({
  title: z.string().min(1).max(200),
  purpose: z.string().min(1).max(600),
  check: z.string().min(1).max(600),
});
export type PlaybookStep = z.infer<typeof playbookStepSchema>;

/**
 * Everything a task's stream carries, in order. Every stream ends with exactly one `terminal`
 * event; ids (the envelope's `id`) are monotonic per task and double as resume cursors.
 */
export const taskEventPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    status: taskStatusSchema,
    attempt: z.number().int().nonnegative(),
    reason: z.string().optional(),
  }),
  z.object({
    type: z.literal('step.started'),
    seq: z.number().int().positive(),
    kind: stepKindSchema,
    name: z.string(),
  }),
  z.object({
    type: z.literal('step.finished'),
    seq: z.number().int().positive(),
    status: stepStatusSchema,
    durationMs: z.number().nonnegative(),
    error: z.string().optional(),
  }),
  /** Text from the model; `step` is the seq of the step that produced it (set by the runtime). */
  z.object({
    type: z.literal('token'),
    text: z.string(),
    step: z.number().int().positive().optional(),
  }),
  z.object({ type: z.literal('citation'), citation: citationSchema }),
  z.object({ type: z.literal('suggestion'), text: z.string() }),
  z.object({
    type: z.literal('domain'),
    domain: domainSchema,
    confidence: z.number().min(0).max(1),
    runnerUp: z.object({ domain: domainSchema, confidence: z.number().min(0).max(1) }).nullable(),
  }),
  z.object({
    type: z.literal('playbook_step'),
    index: z.number().int().positive(),
    step: playbookStepSchema,
  }),
  z.object({ type: z.literal('insight'), text: z.string() }),
  z.object({
    type: z.literal('usage'),
    promptTokens: z.number().int().nonnegative(),
    completionTokens: z.number().int().nonnegative(),
    model: z.string(),
  }),
  z.object({
    type: z.literal('terminal'),
    status: terminalTaskStatusSchema,
    error: taskErrorSchema.nullable(),
    output: z.unknown().nullable(),
  }),
]);
export type TaskEventPayload = z.infer<typeof taskEventPayloadSchema>;
export type TaskEventType = TaskEventPayload['type'];

export const taskEventSchema = z.intersection(
  z.object({ id: z.number().int().positive(), taskId: idSchema, at: isoDateTimeSchema }),
  taskEventPayloadSchema,
);
export type TaskEvent = z.infer<typeof taskEventSchema>;

export const createTaskInputSchema = z.strictObject({
  agent: agentIdSchema,
  /** The agent's own input; validated against that agent's schema. */
  input: z.unknown(),
  /** Choose the task id yourself so you can cancel or stream it before create returns. */
  id: idSchema.optional(),
  /** Creating twice with the same key returns the first task. */
  idempotencyKey: z.string().min(1).max(200).optional(),
  /** Overall time limit; the task ends `timed_out` after it. */
  timeoutMs: z
    .number()
    .int()
    .min(1_000)
    .max(60 * 60 * 1000)
    .optional(),
});
export type CreateTaskInput = z.input<typeof createTaskInputSchema>;

export const stepSchema = z.object({
  seq: z.number().int().positive(),
  attempt: z.number().int().positive(),
  kind: stepKindSchema,
  name: z.string(),
  status: stepStatusSchema,
  input: z.unknown().nullable(),
  output: z.unknown().nullable(),
  error: z.string().nullable(),
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  startedAt: isoDateTimeSchema,
  finishedAt: isoDateTimeSchema.nullable(),
  durationMs: z.number().nonnegative().nullable(),
});
export type Step = z.infer<typeof stepSchema>;

export const taskSchema = z.object({
  id: idSchema,
  agent: z.string(),
  status: taskStatusSchema,
  input: z.unknown(),
  output: z.unknown().nullable(),
  error: taskErrorSchema.nullable(),
  attempt: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  timeoutMs: z.number().int().positive(),
  cancelRequested: z.boolean(),
  retryOf: idSchema.nullable(),
  usage: usageSchema,
  lastEventId: z.number().int().nonnegative(),
  createdAt: isoDateTimeSchema,
  startedAt: isoDateTimeSchema.nullable(),
  finishedAt: isoDateTimeSchema.nullable(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskWithStepsSchema = taskSchema.extend({ steps: z.array(stepSchema) });
export type TaskWithSteps = z.infer<typeof taskWithStepsSchema>;

export const taskIdInputSchema = z.strictObject({ id: idSchema });

export const listTasksInputSchema = z
  .strictObject({
    status: z.array(taskStatusSchema).max(taskStatuses.length).optional(),
    agent: agentIdSchema.optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).nullish(),
    /** Sent by tRPC's useInfiniteQuery; pages only go forward. */
    direction: z.enum(['forward', 'backward']).optional(),
  })
  .default({ limit: 20 });
export type ListTasksInput = z.input<typeof listTasksInputSchema>;

export const taskPageSchema = z.object({
  items: z.array(taskSchema),
  nextCursor: z.string().nullable(),
});
export type TaskPage = z.infer<typeof taskPageSchema>;

export const streamTaskInputSchema = z.strictObject({
  id: idSchema,
  /** Resume after this event id (tRPC's httpSubscriptionLink and wsLink send it on reconnect). */
  lastEventId: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).nullish(),
});
