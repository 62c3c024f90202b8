import { z } from 'zod';
import { isoDateTimeSchema } from './common';
import {
  manifestConfigFieldSchema,
  manifestNameSchema,
  marketplaceCategorySchema,
  semverRangeSchema,
} from './manifest';
import { advisorySeveritySchema, validationReportSchema } from './marketplace';

export const searchSorts = [
  'relevance',
  'installs',
  'rating',
  'trending',
  'newest',
  'updated',
] as const;
export const searchSortSchema = z.enum(searchSorts);
export type SearchSort = z.infer<typeof searchSortSchema>;

const tagSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Tags are lowercase letters, digits and dashes');
const scopeSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/,
    'A publisher scope is 2–40 lowercase letters, digits or dashes',
  );

export const searchInputSchema = z.strictObject({
  query: z.string().trim().max(200, 'A search is at most 200 characters').optional(),
  category: marketplaceCategorySchema.optional(),
  tags: z.array(tagSchema).max(10, 'At most 10 tags').optional(),
  publisher: scopeSchema.optional(),
  verified: z.boolean().optional(),
  /** Only agents with a version this platform can run (default true). */
  compatible: z.boolean().default(true),
  minRating: z.number().min(1).max(5).optional(),
  sort: searchSortSchema.default('relevance'),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(1_000).nullish(),
});
export type SearchInput = z.input<typeof searchInputSchema>;

export const agentListingSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  publisher: z.string(),
  displayName: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  latestVersion: z.string(),
  latestCompatibleVersion: z.string().nullable(),
  installs: z.number().int(),
  rating: z.object({ average: z.number().nullable(), count: z.number().int() }),
  verified: z.boolean(),
  deprecated: z.string().nullable(),
  performanceScore: z.number().int(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  installed: z.object({ version: z.string(), updateAvailable: z.boolean() }).nullable(),
});
export type AgentListing = z.infer<typeof agentListingSchema>;

export const searchResultSchema = z.object({
  items: z.array(agentListingSchema),
  nextCursor: z.string().nullable(),
  /** Matches per category over the whole result; null on pages after the first (same counts). */
  facets: z
    .object({
      categories: z.array(z.object({ category: z.string(), count: z.number().int() })),
    })
    .nullable(),
  asOf: isoDateTimeSchema,
});
export type SearchResult = z.infer<typeof searchResultSchema>;

export const agentNameInputSchema = z.strictObject({ name: manifestNameSchema });

export const agentVersionSummarySchema = z.object({
  version: z.string(),
  publishedAt: isoDateTimeSchema,
  yanked: z.boolean(),
  yankReason: z.string().nullable(),
  deprecated: z.string().nullable(),
  compatible: z.boolean(),
  enginesRange: z.string(),
  verdict: z.enum(['pass', 'warnings']),
  performanceScore: z.number().int(),
  digest: z.string(),
});

export const permissionsSchema = z.object({
  network: z.array(z.string()),
  tools: z.array(z.string()),
});

export const agentDetailSchema = agentListingSchema.extend({
  license: z.string(),
  readme: z.string(),
  kind: z.enum(['prompt', 'workflow']),
  /** The version shown: the requested one, or the newest installable. */
  version: z.string(),
  versions: z.array(agentVersionSummarySchema),
  permissions: permissionsSchema,
  dependencies: z.record(z.string(), z.string()),
  config: z.array(manifestConfigFieldSchema),
  validationReport: validationReportSchema,
  advisories: z.array(
    z.object({
      id: z.uuid(),
      range: z.string(),
      severity: advisorySeveritySchema,
      summary: z.string(),
    }),
  ),
  /** The publisher may manage versions (deprecate, yank). */
  canManage: z.boolean(),
});
export type AgentDetail = z.infer<typeof agentDetailSchema>;

export const getAgentInputSchema = z.strictObject({
  name: manifestNameSchema,
  version: z.string().max(64).optional(),
});

export const listAgentsInputSchema = z.strictObject({
  publisher: scopeSchema.optional(),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(1_000).nullish(),
});

export const publishInputSchema = z.strictObject({
  /** The manifest as JSON (validated by the pipeline, which reports every problem at once). */
  manifest: z.unknown(),
});

export const publishResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('published'),
    name: z.string(),
    version: z.string(),
    digest: z.string(),
    report: validationReportSchema,
  }),
  z.object({ status: z.literal('blocked'), report: validationReportSchema }),
]);
export type PublishResult = z.infer<typeof publishResultSchema>;

const configValuesSchema = z.record(
  z.string().max(40),
  z.union([z.string().max(4_000), z.number(), z.boolean()]),
);

export const installInputSchema = z.strictObject({
  name: manifestNameSchema,
  /** An exact version or a range; default: the newest this platform can run. */
  version: z.union([semverRangeSchema]).optional(),
  pin: z.boolean().optional(),
  config: configValuesSchema.optional(),
  acceptPermissions: z.boolean().optional(),
});
export type InstallInput = z.input<typeof installInputSchema>;

export const installPlanInputSchema = installInputSchema.pick({
  name: true,
  version: true,
  pin: true,
});

export const installPlanSchema = z.object({
  ok: z.boolean(),
  explanation: z.string().nullable(),
  changes: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(['install', 'update', 'keep']),
      from: z.string().nullable(),
      to: z.string(),
      requested: z.boolean(),
      deprecated: z.string().nullable(),
      yanked: z.boolean(),
    }),
  ),
  newPermissions: permissionsSchema,
  advisories: z.array(
    z.object({ name: z.string(), version: z.string(), severity: z.string(), summary: z.string() }),
  ),
  compatible: z.boolean(),
  platformVersion: z.string(),
});
export type InstallPlan = z.infer<typeof installPlanSchema>;

export const uninstallInputSchema = z.strictObject({
  name: manifestNameSchema,
  removeDependents: z.boolean().optional(),
});

export const installationSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  version: z.string(),
  latestCompatibleVersion: z.string().nullable(),
  updateAvailable: z.boolean(),
  requested: z.boolean(),
  pinned: z.boolean(),
  config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secret settings that have a value (values are never returned). */
  secretsSet: z.array(z.string()),
  permissions: permissionsSchema,
  dependencies: z.record(z.string(), z.string()),
  deprecated: z.string().nullable(),
  yanked: z.boolean(),
  advisories: z.array(z.object({ severity: z.string(), summary: z.string() })),
  installedAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type Installation = z.infer<typeof installationSchema>;

export const deprecateInputSchema = z.strictObject({
  name: manifestNameSchema,
  /** One version, or every version when omitted. */
  version: z.string().max(64).optional(),
  /** Empty string un-deprecates. */
  message: z.string().max(500),
});

export const yankInputSchema = z.strictObject({
  name: manifestNameSchema,
  version: z.string().max(64),
  reason: z.string().trim().min(1, 'Say why').max(500),
  /** Undo a yank. */
  undo: z.boolean().optional(),
});

export const advisoryInputSchema = z.strictObject({
  name: manifestNameSchema,
  range: semverRangeSchema,
  severity: advisorySeveritySchema,
  summary: z.string().trim().min(1).max(1_000),
});

export const reviewInputSchema = z.strictObject({
  agent: manifestNameSchema,
  rating: z.number().int().min(1, 'From 1 to 5 stars').max(5, 'From 1 to 5 stars'),
  body: z.string().trim().min(1, 'Write a few words').max(4_000, 'At most 4000 characters'),
});

export const reviewSchema = z.object({
  id: z.uuid(),
  agentName: z.string(),
  author: z.object({ displayName: z.string() }),
  version: z.string(),
  rating: z.number().int(),
  body: z.string(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
  mine: z.boolean(),
});

export const listReviewsInputSchema = z.strictObject({
  agent: manifestNameSchema,
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z.string().max(500).nullish(),
});

export const reviewPageSchema = z.object({
  items: z.array(reviewSchema),
  nextCursor: z.string().nullable(),
});

export const trendingInputSchema = z.strictObject({
  window: z.enum(['day', 'week', 'month']).default('week'),
  limit: z.number().int().min(1).max(50).default(10),
});

export const analyticsInputSchema = z.strictObject({
  periodDays: z.number().int().min(1).max(365).default(30),
});
export const agentAnalyticsInputSchema = analyticsInputSchema.extend({ name: manifestNameSchema });

const taskStatsSchema = z.object({
  tasks: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  timedOut: z.number().int(),
  successRate: z.number().nullable(),
  latencyMs: z.object({
    p50: z.number().nullable(),
    p95: z.number().nullable(),
    p99: z.number().nullable(),
  }),
  tokens: z.object({ prompt: z.number().int(), completion: z.number().int() }),
});
const dailySchema = z.array(
  z.object({ day: z.string(), tasks: z.number().int(), installs: z.number().int() }),
);

export const platformAnalyticsSchema = z.object({
  agents: z.number().int(),
  versions: z.number().int(),
  publishers: z.number().int(),
  installs: z.number().int(),
  tasks: taskStatsSchema,
  daily: dailySchema,
  periodDays: z.number().int(),
});

export const agentAnalyticsSchema = z.object({
  name: z.string(),
  installs: z.number().int(),
  activeInstallations: z.number().int(),
  tasks: taskStatsSchema,
  daily: dailySchema,
  ratings: z.object({
    average: z.number().nullable(),
    count: z.number().int(),
    distribution: z.object({
      '1': z.number().int(),
      '2': z.number().int(),
      '3': z.number().int(),
      '4': z.number().int(),
      '5': z.number().int(),
    }),
  }),
  periodDays: z.number().int(),
});

export const categoryCountSchema = z.object({
  category: marketplaceCategorySchema,
  count: z.number().int(),
});
export const trendingItemSchema = agentListingSchema.extend({ score: z.number() });
