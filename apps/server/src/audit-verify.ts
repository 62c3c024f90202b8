/**
 * `npm run audit:verify [-- --no-seal] [-- --json]`: checks the audit log's hash chain in the
 * database the server would use (DATABASE_URL, or the embedded one under DATA_DIR; stop the
 * server first when it is embedded, since only one process may open it). Seals pending rows
 * first unless --no-seal. Exit 0: the chain is intact. Exit 1: a row was altered, deleted or
 * re-ordered (each problem is printed, naming the row). Exit 2: the check could not run.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sealAuditLog, verifyAuditLog } from '@capecontrol/api';
import { createDatabase } from '@capecontrol/db';
import type { AuditVerification } from '@capecontrol/schema';
import { parseEnv } from './env';

/** The report for a person: one line when all is well, one line per problem otherwise. */
function formatVerification(result: AuditVerification): string {
  const head = `chain head #${result.head.chainSeq} ${result.head.hash}`;
  const pending = result.unsealed > 0 ? `; ${result.unsealed} newer rows not sealed yet` : '';
  if (result.ok) return `Audit log intact: ${result.checked} rows verified, ${head}${pending}.`;
  const more = result.problems.length >= result.problemLimit ? ' (first ones only)' : '';
  return [
    `Audit log FAILED verification: ${result.problems.length} problem(s)${more} in ${result.checked} rows, ${head}.`,
    ...result.problems.map((problem) => `  ${problem.kind}: ${problem.message}`),
  ].join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'no-seal': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    return 2;
  }
  const env = parsed.env;
  const database = await createDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: 2 }
      : { kind: 'pglite', dataDir: join(resolve(env.DATA_DIR), 'pglite') },
  );
  try {
    await database.migrate();
    if (!values['no-seal']) await sealAuditLog(database.db);
    const result = await verifyAuditLog(database.db);
    console.log(values.json ? JSON.stringify(result, null, 2) : formatVerification(result));
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:verify could not run: ${(error as Error).message}`);
    process.exit(2);
  },
);
