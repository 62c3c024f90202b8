import { z } from 'zod';

/**
 * The test harness's only view of the environment: set `DATABASE_URL` to run the suites against
 * a real Postgres server (each test file gets a fresh database cloned from a migrated template);
 * leave it unset for embedded PGlite. Set `REDIS_URL` to run the server suites with Redis
 * (rate limits, and later event fan-out); unset, they use the in-process implementations.
 */
export const testEnv = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  })
  .parse(process.env);
