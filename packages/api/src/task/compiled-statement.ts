import type { DB } from '@capecontrol/db';
import { CompiledQuery, type Kysely, type QueryResult, type RawBuilder } from 'kysely';

/** Stands for parameter `key` while a statement is compiled. */
class Placeholder {
  constructor(readonly key: string) {}
}

interface Template {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * A statement of the task runtime's hot path (create, claim), compiled once per database
 * handle: later calls send the same SQL text with their own parameters instead of building
 * and compiling kysely's query tree again, which costs tens of microseconds before each send.
 * `build` is called once, with placeholders for the fields of `params`: it must pass them into
 * the SQL as they are (`${params.x}`), never branch on or transform them.
 */
export function compiledStatement<TRow, TParams extends object>(
  build: (params: TParams) => RawBuilder<TRow>,
): (db: Kysely<DB>, params: TParams) => Promise<QueryResult<TRow>> {
  // Per handle: a transaction is a handle of its own (compiled afresh, then forgotten).
  const templates = new WeakMap<object, Template>();
  const placeholders = new Proxy({} as TParams, {
    get: (_target, key) => new Placeholder(String(key)),
  });
  return async (db, params) => {
    let template = templates.get(db);
    if (!template) {
      template = build(placeholders).compile(db);
      templates.set(db, template);
    }
    const values = params as Record<string, unknown>;
    const parameters = template.parameters.map((value) =>
      value instanceof Placeholder ? values[value.key] : value,
    );
    const query: CompiledQuery<TRow> = CompiledQuery.raw(template.sql, parameters);
    return db.executeQuery(query);
  };
}
