import { z } from 'zod';

/** Treat `VAR=` like an unset variable, as most tools do. */
const optional = <TSchema extends z.ZodType>(schema: TSchema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

/**
 * Every setting of the server, read from the environment once at start-up. The one place
 * that reads `process.env` (see main.ts); a bad value stops the process with a line naming it.
 */
export const envSchema = z.object({
  PORT: optional(
    z.coerce.number().int('must be a whole number').min(0).max(65_535, 'must be a port number'),
  ).transform((v) => v ?? 3000),
  HOST: optional(z.string().min(1)).transform((v) => v ?? '0.0.0.0'),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
  ),
  DATABASE_POOL_SIZE: optional(z.coerce.number().int().min(1).max(200)).transform((v) => v ?? 10),
  DATA_DIR: optional(z.string().min(1)).transform((v) => v ?? '.data'),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')),
  /** Prefix of every Redis key and channel, so several instances can share one Redis. */
  REDIS_KEY_PREFIX: optional(
    z
      .string()
      .regex(
        /^[\w:.-]{1,64}$/,
        'must be 1-64 letters, digits, dots, dashes, colons or underscores',
      ),
  ).transform((v) => v ?? 'cape'),
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  ).transform((v) => v ?? 'info'),
  PUBLIC_URL: optional(
    z.url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as https://cape.example.com',
    }),
  ),
  AUTH_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
  ADMIN_EMAIL: optional(z.email('must be an email address').transform((v) => v.toLowerCase())),
  ACCESS_TOKEN_TTL_SECONDS: optional(
    z.coerce.number().int().min(30).max(900, 'must be at most 900 (15 minutes)'),
  ).transform((v) => v ?? 900),
  REFRESH_TOKEN_TTL_DAYS: optional(z.coerce.number().int().min(1).max(365)).transform(
    (v) => v ?? 30,
  ),
  TRUST_PROXY: optional(booleanish).transform((v) => v ?? false),
  MAX_BODY_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024),
  ).transform((v) => v ?? 1024 * 1024),
  SHUTDOWN_TIMEOUT_MS: optional(z.coerce.number().int().min(0).max(600_000)).transform(
    (v) => v ?? 10_000,
  ),
  WEB_DIST_DIR: optional(z.string().min(1)),
  OPENAI_API_KEY: optional(z.string().min(1)),
  OPENAI_BASE_URL: optional(
    z.url({
      protocol: /^https?$/,
      message: 'must be an http(s) URL such as http://localhost:11434/v1',
    }),
  ),
  OPENAI_MODEL: optional(z.string().min(1).max(200)).transform((v) => v ?? 'gpt-4o-mini'),
  LLM_REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().min(1_000).max(600_000)).transform(
    (v) => v ?? 60_000,
  ),
  LLM_STREAM_IDLE_TIMEOUT_MS: optional(z.coerce.number().int().min(500).max(600_000)).transform(
    (v) => v ?? 30_000,
  ),
  LLM_MAX_RETRIES: optional(z.coerce.number().int().min(0).max(10)).transform((v) => v ?? 3),
  WORKER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(1_000)).transform((v) => v ?? 8),
  TASK_LEASE_MS: optional(z.coerce.number().int().min(500).max(600_000)).transform(
    (v) => v ?? 30_000,
  ),
  TASK_TIMEOUT_MS: optional(z.coerce.number().int().min(1_000).max(3_600_000)).transform(
    (v) => v ?? 300_000,
  ),
  TASK_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(20)).transform((v) => v ?? 3),
  /** Model tokens one task may use over all its attempts; unset: no limit. */
  TASK_MAX_TOKENS: optional(z.coerce.number().int().min(1).max(1_000_000_000)),
  /** Steps one task may run over all its attempts; unset: no limit. */
  TASK_MAX_STEPS: optional(z.coerce.number().int().min(1).max(100_000)),
  /**
   * Set: `GET /metrics` needs `Authorization: Bearer <METRICS_TOKEN>`. Unset: it is open, like
   * /healthz (bind or firewall the port accordingly).
   */
  METRICS_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  /** Tasks one user may start per minute (task.create, task.retry, agent ask and stream). */
  RATE_LIMIT_TASKS_PER_MINUTE: optional(z.coerce.number().int().min(1).max(1_000_000)).transform(
    (v) => v ?? 300,
  ),
  /** Marketplace searches per minute per user (per IP when signed out). */
  RATE_LIMIT_SEARCHES_PER_MINUTE: optional(z.coerce.number().int().min(1).max(1_000_000)).transform(
    (v) => v ?? 600,
  ),
  /** Subscriptions (task and agent streams) one user may hold open in one process. */
  MAX_SUBSCRIPTIONS_PER_USER: optional(z.coerce.number().int().min(1).max(10_000)).transform(
    (v) => v ?? 20,
  ),
  /** How often new audit rows are sealed into the hash chain; 0 turns the background sealer off. */
  AUDIT_SEAL_INTERVAL_MS: optional(
    z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || (v >= 100 && v <= 3_600_000), 'must be 0 or 100-3600000'),
  ).transform((v) => v ?? 5_000),
  /** How often the stored trending scores are refreshed; 0 turns the refresher off. */
  TRENDING_REFRESH_INTERVAL_MS: optional(
    z.coerce
      .number()
      .int()
      .refine((v) => v === 0 || (v >= 1_000 && v <= 3_600_000), 'must be 0 or 1000-3600000'),
  ).transform((v) => v ?? 60_000),
});

export type Env = z.infer<typeof envSchema>;

/** Secrets are never echoed back in error messages. */
const SECRET_VARIABLES = new Set([
  'AUTH_SECRET',
  'METRICS_TOKEN',
  'DATABASE_URL',
  'REDIS_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
]);

export type EnvResult = { ok: true; env: Env } | { ok: false; message: string };

export function parseEnv(source: Record<string, string | undefined>): EnvResult {
  const result = envSchema.safeParse(source);
  if (result.success) return { ok: true, env: result.data };
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  const raw = source[variable];
  const shown =
    raw === undefined || SECRET_VARIABLES.has(variable)
      ? ''
      : ` (got ${JSON.stringify(raw.slice(0, 80))})`;
  return {
    ok: false,
    message: `Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}${shown}`,
  };
}

export const roles = ['all', 'api', 'worker'] as const;
export type ServerRole = (typeof roles)[number];

/** `--role api|worker|all` (default all). */
export function parseRole(
  argv: string[],
): { ok: true; role: ServerRole } | { ok: false; message: string } {
  const index = argv.findIndex((arg) => arg === '--role' || arg.startsWith('--role='));
  if (index === -1) return { ok: true, role: 'all' };
  const arg = argv[index] as string;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  if (value && (roles as readonly string[]).includes(value))
    return { ok: true, role: value as ServerRole };
  return {
    ok: false,
    message: `Invalid option: --role must be one of ${roles.join(', ')} (got ${JSON.stringify(value ?? '')})`,
  };
}
