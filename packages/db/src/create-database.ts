import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './generated/db';
import { migrateToLatest, pendingMigrations } from './migrate';
import { PGliteDialect } from './pglite-dialect';

export type DatabaseConfig =
  | {
      kind: 'postgres';
      /** A postgres:// connection string. */
      url: string;
      /** Maximum pool size (default 10). */
      poolSize?: number;
      /** Called when an idle pooled connection fails (e.g. the server restarted). */
      onPoolError?: (error: Error) => void;
    }
  | {
      kind: 'pglite';
      /** Directory that persists the embedded database; omit for an in-memory database. */
      dataDir?: string;
      /** Start from this data-directory dump (tests clone a migrated template this way). */
      loadDataDir?: Blob;
    };

export type DatabaseBackend = DatabaseConfig['kind'];

export interface Database {
  readonly db: Kysely<DB>;
  readonly backend: DatabaseBackend;
  /** Applies pending migrations; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers and every known migration is applied. */
  checkReady(): Promise<{ ok: true } | { ok: false; reason: string }>;
  close(): Promise<void>;
  /** PGlite only: a tarball of the data directory. */
  dumpDataDir?: () => Promise<Blob>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** bigint columns hold counters and sequence numbers far below 2^53: read them as numbers. */
const parseInt8 = (value: string): number => Number.parseInt(value, 10);

type GetTypeParser = (oid: number, format?: 'text' | 'binary') => (value: string) => unknown;
// pg-types declares its parsers as returning `any`; name what they really are.
const builtInTypeParser = pg.types.getTypeParser as GetTypeParser;

function createPgTypes(): pg.CustomTypesConfig {
  const getTypeParser: GetTypeParser = (oid, format) => {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return (value: string) => Number(value);
    return builtInTypeParser(oid, format);
  };
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] };
}

const statementNames = new Map<string, string>();

/**
 * Runs every parameterised query of this client as a named (prepared) statement: Postgres then
 * parses and plans each distinct query once per connection instead of on every call, which is
 * most of its CPU per call for the short queries the task runtime issues. Names derive from the
 * SQL text, so the same text always maps to the same statement.
 */
function usePreparedStatements(client: pg.PoolClient, state: { enabled: boolean }): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
    ...args: unknown[]
  ) => {
    const [text, values, callback] = args;
    if (
      state.enabled &&
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      callback === undefined
    ) {
      let name = statementNames.get(text);
      if (!name) {
        name = `cape_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
        if (statementNames.size < 10_000) statementNames.set(text, name);
      }
      return query({ name, text, values });
    }
    return query(...args);
  };
}

/** Opens the database: Postgres through `pg`, or embedded PGlite. */
export async function createDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      types: createPgTypes(),
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on('error', (error) => config.onPoolError?.(error));
    const prepared = { enabled: true };
    pool.on('connect', (client) => {
      usePreparedStatements(client, prepared);
      // The pool listens for errors only while a client is idle. A checked-out client whose
      // server goes away between two statements (a restart mid-transaction) would otherwise
      // emit an unhandled 'error' and end the process; its next query fails instead, and the
      // pool discards it on release because it is no longer queryable.
      client.on('error', (error) => config.onPoolError?.(error));
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const database = wrap(db, 'postgres');
    return {
      ...database,
      async migrate() {
        // Schema changes and statements prepared against the old schema do not mix.
        prepared.enabled = false;
        try {
          return await database.migrate();
        } finally {
          prepared.enabled = true;
        }
      },
    };
  }

  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(config.dataDir ? { dataDir: config.dataDir } : {}),
    ...(config.loadDataDir ? { loadDataDir: config.loadDataDir } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: parseInt8, [NUMERIC_OID]: (value: string) => Number(value) },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return { ...wrap(db, 'pglite'), dumpDataDir: () => pglite.dumpDataDir('none') };
}

function wrap(db: Kysely<DB>, backend: DatabaseBackend): Database {
  let closed: Promise<void> | undefined;
  return {
    db,
    backend,
    migrate: () => migrateToLatest(db as Kysely<unknown>),
    async checkReady() {
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        return { ok: false, reason: `database unreachable: ${(error as Error).message}` };
      }
      const pending = await pendingMigrations(db as Kysely<unknown>).catch(() => ['(unknown)']);
      if (pending.length > 0)
        return { ok: false, reason: `pending migrations: ${pending.join(', ')}` };
      return { ok: true };
    },
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
