import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../create-database';
import { testEnv } from './env';
import { adminQuery, uniqueDatabaseName, withDatabase } from './postgres-admin';
import type {} from './provided-context';

import type { Kysely } from 'kysely';
import type { DB } from '../generated/db';

/** Work done once on the template after migrating (e.g. seeding), inherited by every clone. */
export type PrepareTemplate = (db: Kysely<DB>) => Promise<void>;

/**
 * Vitest global setup: migrates (and optionally prepares) one template database for the whole
 * run, so each test file starts from a fresh, ready database in well under a second.
 */
export function createGlobalSetup(prepare?: PrepareTemplate) {
  return (project: TestProject) => setupTemplate(project, prepare);
}

export default createGlobalSetup();

async function setupTemplate(
  project: TestProject,
  prepare: PrepareTemplate | undefined,
): Promise<() => Promise<void>> {
  if (testEnv.DATABASE_URL) {
    const serverUrl = testEnv.DATABASE_URL;
    const name = uniqueDatabaseName('cape_template');
    await adminQuery(serverUrl, `create database "${name}"`);
    const database = await createDatabase({ kind: 'postgres', url: withDatabase(serverUrl, name) });
    await database.migrate();
    await prepare?.(database.db);
    await database.close();
    project.provide('capeTemplateDatabase', name);
    project.provide('capePgliteDump', null);
    return async () => {
      await adminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
    };
  }

  const dir = mkdtempSync(join(tmpdir(), 'cape-pglite-'));
  const database = await createDatabase({ kind: 'pglite' });
  await database.migrate();
  await prepare?.(database.db);
  const dumpPath = join(dir, 'template.tar');
  if (!database.dumpDataDir) throw new Error('expected a PGlite database');
  const dump = await database.dumpDataDir();
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide('capeTemplateDatabase', null);
  project.provide('capePgliteDump', dumpPath);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
  };
}
