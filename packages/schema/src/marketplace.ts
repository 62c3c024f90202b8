import { z } from 'zod';
import type { AgentManifest } from './manifest';

export const findingCategories = [
  'schema',
  'engines',
  'dependencies',
  'secrets',
  'prompt-injection',
  'exfiltration',
  'unicode',
  'urls',
  'permissions',
  'typosquatting',
  'vulnerabilities',
] as const;
export type FindingCategory = (typeof findingCategories)[number];

/** `critical` blocks a publish; `low` to `high` are warnings; `info` changes no verdict. */
export const findingSeverities = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof findingSeverities)[number];

export const advisorySeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);
export type AdvisorySeverity = z.infer<typeof advisorySeveritySchema>;

export const validationVerdicts = ['pass', 'warnings', 'blocked'] as const;
export type ValidationVerdict = (typeof validationVerdicts)[number];

export const schemaErrorSchema = z.object({
  /** Where in the manifest, e.g. `workflow.steps[1].agent` or `dependencies["acme/x"]`. */
  path: z.string(),
  message: z.string(),
});
export type SchemaError = z.infer<typeof schemaErrorSchema>;

export const validationFindingSchema = z.object({
  /** Stable code, e.g. `secret.openai-key`; the category is its first part. */
  id: z.string(),
  category: z.enum(findingCategories),
  severity: z.enum(findingSeverities),
  message: z.string(),
  path: z.string(),
});
export type ValidationFinding = z.infer<typeof validationFindingSchema>;

export const performanceFactorSchema = z.object({
  name: z.string(),
  /** The measured quantity (characters, steps, ratio, milliseconds, …). */
  value: z.number(),
  /** Points this factor moved the score (negative: it costs points). */
  impact: z.number(),
});
export type PerformanceFactor = z.infer<typeof performanceFactorSchema>;

export const performanceScoreSchema = z.object({
  score: z.number().int().min(0).max(100),
  static: z.number().int().min(0).max(100),
  /** `null` until runs were observed. */
  observed: z.number().int().min(0).max(100).nullable(),
  factors: z.array(performanceFactorSchema),
});
export type PerformanceScore = z.infer<typeof performanceScoreSchema>;

export const validationReportSchema = z.object({
  verdict: z.enum(validationVerdicts),
  /**
   * The parsed manifest (defaults applied), `null` when it has schema errors. Not re-validated
   * here: a stored report must stay readable if later platform versions tighten the schema.
   */
  manifest: z
    .custom<AgentManifest>((value) => typeof value === 'object' && value !== null)
    .nullable(),
  /** sha256 (hex) of the canonical manifest; `null` with the manifest. */
  digest: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  schemaErrors: z.array(schemaErrorSchema),
  findings: z.array(validationFindingSchema),
  performance: performanceScoreSchema,
});
export type ValidationReport = z.infer<typeof validationReportSchema>;
