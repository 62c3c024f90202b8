/**
 * `npm run db:codegen [-- --verify]`: migrates a scratch Postgres database and regenerates
 * src/generated/db.ts from it with kysely-codegen (or, with --verify, fails when the committed
 * file is out of date). Needs a Postgres server: CODEGEN_DATABASE_URL or DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../create-database';
import { adminQuery, uniqueDatabaseName, withDatabase } from '../testing/postgres-admin';

const serverUrl =
  process.env.CODEGEN_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const verify = process.argv.includes('--verify');
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const name = uniqueDatabaseName('cape_codegen');

await adminQuery(serverUrl, `create database "${name}"`);
let status: number;
try {
  const url = withDatabase(serverUrl, name);
  const database = await createDatabase({ kind: 'postgres', url });
  await database.migrate();
  await database.close();
  const result = spawnSync(
    'npx',
    [
      'kysely-codegen',
      '--dialect=postgres',
      `--url=${url}`,
      '--out-file=src/generated/db.ts',
      '--numeric-parser=number',
      '--type-mapping={"int8":"number"}',
      '--exclude-pattern=kysely_*',
      ...(verify ? ['--verify'] : []),
    ],
    { cwd: packageRoot, stdio: 'inherit' },
  );
  status = result.status ?? 1;
} finally {
  await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
}
process.exit(status);
