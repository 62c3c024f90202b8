import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { createDatabase, type Database } from './create-database';
import { testEnv } from './testing/env';
import type {} from './testing/provided-context';
import { adminQuery, uniqueDatabaseName, withDatabase } from './testing/postgres-admin';

export { testEnv } from './testing/env';

export interface TestDatabase extends Database {
  /** Postgres: the connection string of this test's own database. */
  readonly url: string | null;
}

/**
 * A fresh, fully migrated database owned by the calling test file: a clone of the run's
 * template (migrated and, where the run prepares it, seeded) on Postgres when DATABASE_URL is
 * set, or an embedded PGlite instance otherwise.
 * `close()` drops it.
 */
export async function createTestDatabase(
  options: { seeded?: boolean } = {},
): Promise<TestDatabase> {
  // `seeded: false`: only migrated, not a clone of the run's prepared template (tests of the seeding itself).
  const useTemplate = options.seeded ?? true;
  const serverUrl = testEnv.DATABASE_URL;
  if (serverUrl) {
    const template = useTemplate ? safeInject('capeTemplateDatabase') : null;
    const name = uniqueDatabaseName('cape_test');
    await adminQuery(
      serverUrl,
      `create database "${name}"${template ? ` template "${template}"` : ''}`,
    );
    const url = withDatabase(serverUrl, name);
    const database = await createDatabase({ kind: 'postgres', url, poolSize: 5 });
    if (!template) await database.migrate();
    return {
      ...database,
      url,
      async close() {
        await database.close();
        await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
      },
    };
  }

  const dumpPath = useTemplate ? safeInject('capePgliteDump') : null;
  const loadDataDir = dumpPath ? new Blob([await readFile(dumpPath)]) : undefined;
  const database = await createDatabase({
    kind: 'pglite',
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  if (!loadDataDir) await database.migrate();
  return { ...database, url: null };
}

function safeInject<TKey extends 'capeTemplateDatabase' | 'capePgliteDump'>(
  key: TKey,
): string | null {
  try {
    return inject(key) ?? null;
  } catch {
    return null;
  }
}
