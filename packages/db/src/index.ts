export {
  createDatabase,
  type Database,
  type DatabaseBackend,
  type DatabaseConfig,
} from './create-database';
export { migrateToLatest, pendingMigrations } from './migrate';
export { isDatabaseUnavailable, isUniqueViolation, pgErrorCode, PgErrorCode } from './errors';
export type * from './generated/db';
