import { createDatabase } from '@capecontrol/db';
import { sql } from 'kysely';

/**
 * Scratch databases on the benchmark's Postgres server: every one this process creates is
 * dropped by `dropAll()`, which run.ts calls in `finally` and on SIGINT/SIGTERM.
 */
export class ScratchServer {
  readonly serverUrl: string;
  readonly #created = new Set<string>();
  readonly #tag = `${process.pid}_${Date.now().toString(36)}`;
  #counter = 0;

  constructor(serverUrl: string) {
    this.serverUrl = serverUrl;
  }

  /** Runs one statement on the server's maintenance database. */
  async admin<TRow>(statement: string): Promise<TRow[]> {
    const maintenance = await createDatabase({
      kind: 'postgres',
      url: this.serverUrl,
      poolSize: 1,
    });
    try {
      const result = await sql.raw<TRow>(statement).execute(maintenance.db);
      return result.rows;
    } finally {
      await maintenance.close();
    }
  }

  /** Creates an empty database (or a copy of `template`); returns its URL. */
  async create(label: string, template?: string): Promise<{ name: string; url: string }> {
    this.#counter += 1;
    const name = `cape_bench_${label}_${this.#tag}_${this.#counter}`;
    this.#created.add(name);
    await this.admin(`create database "${name}"${template ? ` template "${template}"` : ''}`);
    return { name, url: this.urlOf(name) };
  }

  urlOf(name: string): string {
    const url = new URL(this.serverUrl);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Drops `name`, first giving pools that are closing a moment to disconnect on their own. */
  async drop(name: string): Promise<void> {
    for (let waited = 0; waited < 3_000; waited += 50) {
      const [row] = await this.admin<{ open: number }>(
        `select count(*)::int as open from pg_stat_activity where datname = '${name}'`,
      );
      if (!row || row.open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.admin(`drop database if exists "${name}" with (force)`);
    this.#created.delete(name);
  }

  /** Drops every database this process created, newest first (clones before their templates). */
  async dropAll(): Promise<void> {
    for (const name of [...this.#created].reverse()) {
      await this.drop(name).catch((error: unknown) => {
        console.error(`could not drop scratch database ${name}:`, error);
      });
    }
  }
}
