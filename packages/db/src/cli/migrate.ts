/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded
 * database under DATA_DIR (default ./.data) when DATABASE_URL is unset.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createDatabase } from '../create-database';

const env = z
  .object({
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    INIT_CWD: z.string().optional(),
  })
  .safeParse(process.env);
if (!env.success) {
  const issue = env.error.issues[0];
  const variable = issue?.path.join('.') || 'environment';
  console.error(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  process.exit(1);
}

// npm runs workspace scripts inside the package; resolve paths from where the user ran npm.
const cwd = env.data.INIT_CWD ?? process.cwd();
const database = await createDatabase(
  env.data.DATABASE_URL
    ? { kind: 'postgres', url: env.data.DATABASE_URL }
    : { kind: 'pglite', dataDir: join(resolve(cwd, env.data.DATA_DIR), 'pglite') },
);
try {
  const applied = await database.migrate();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
