import { Migrator, type MigrationResult } from 'kysely/migration';
import type { Kysely } from 'kysely';
import { migrations } from './migrations';

function createMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

/** Applies every pending migration; throws (with the failing migration's name) on error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest();
  if (error) {
    const failed = results.find((result: MigrationResult) => result.status === 'Error');
    const reason =
      error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
    throw new Error(
      failed
        ? `Migration ${failed.migrationName} failed: ${reason}`
        : `Migrations failed: ${reason}`,
      { cause: error },
    );
  }
  return results
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName);
}

/** Names of migrations known to this build but not yet applied to the database. */
export async function pendingMigrations(db: Kysely<unknown>): Promise<string[]> {
  const infos = await createMigrator(db).getMigrations();
  return infos.filter((info) => info.executedAt === undefined).map((info) => info.name);
}
