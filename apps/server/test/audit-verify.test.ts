import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, type Database } from '@capecontrol/db';
import { createTestDatabase, type TestDatabase } from '@capecontrol/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run audit:verify` as an operator runs it: a separate process over the same database
 * (Postgres when the run has DATABASE_URL, otherwise an embedded data directory).
 */

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
let dataDir: string | null = null;
let testDatabase: TestDatabase | null = null;
let env: Record<string, string>;

/** The embedded database may be open in one process at a time: open it only around each step. */
async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  if (testDatabase) return work(testDatabase);
  const database = await createDatabase({ kind: 'pglite', dataDir: join(dataDir!, 'pglite') });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

function runVerify(...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/audit-verify.ts', ...args], {
      cwd: serverRoot,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  if (testDatabase.url) {
    env = { DATABASE_URL: testDatabase.url };
  } else {
    await testDatabase.close();
    testDatabase = null;
    dataDir = mkdtempSync(join(tmpdir(), 'cape-audit-'));
    env = { DATA_DIR: dataDir };
  }
  await withDatabase(async (database) => {
    await database.migrate();
    for (let index = 0; index < 5; index += 1) {
      await database.db
        .insertInto('audit_events')
        .values({ actor_type: 'system', action: `cli.test.${index}`, outcome: 'success' })
        .execute();
    }
  });
});
afterAll(async () => {
  await testDatabase?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run audit:verify', () => {
  it('passes on a clean log, sealing pending rows first', async () => {
    const { code, stdout } = await runVerify();
    expect(stdout).toMatch(/Audit log intact: \d+ rows verified, chain head #\d+/);
    expect(code).toBe(0);
    const unsealed = await withDatabase((database) =>
      database.db.selectFrom('audit_events').select('id').where('chain_seq', 'is', null).execute(),
    );
    expect(unsealed).toEqual([]);
  });

  it('fails, naming the row, after a row is edited directly in the database', async () => {
    const victim = await withDatabase(async ({ db }) => {
      const row = await db
        .selectFrom('audit_events')
        .select(['id', 'chain_seq'])
        .where('action', '=', 'cli.test.2')
        .executeTakeFirstOrThrow();
      await sql`alter table audit_events disable trigger audit_events_no_update_or_delete`.execute(
        db,
      );
      await sql`update audit_events set action = 'cli.test.rewritten' where id = ${row.id}`.execute(
        db,
      );
      await sql`alter table audit_events enable trigger audit_events_no_update_or_delete`.execute(
        db,
      );
      return row;
    });
    const { code, stdout } = await runVerify('--no-seal');
    expect(code).toBe(1);
    expect(stdout).toContain('Audit log FAILED verification');
    expect(stdout).toContain(`altered: row #${String(victim.chain_seq)} (id ${victim.id}`);

    const json = await runVerify('--no-seal', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      problems: [{ kind: 'altered', id: victim.id }],
    });
  });

  it('stops with exit code 2 when it cannot run', async () => {
    const saved = env;
    env = { DATABASE_URL: 'not a url' };
    try {
      expect((await runVerify()).code).toBe(2);
    } finally {
      env = saved;
    }
  });
});
