import type {} from 'vitest';
/** Values the global setup hands to every test file through vitest's provide/inject. */
declare module 'vitest' {
  export interface ProvidedContext {
    /** Postgres: name of a migrated template database to clone per test file. */
    capeTemplateDatabase: string | null;
    /** PGlite: path of a migrated data-directory dump to load per test file. */
    capePgliteDump: string | null;
  }
}

export {};
