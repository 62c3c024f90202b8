import { sql, type Kysely } from 'kysely';

/**
 * Operator views: recent failures across all users (newest first), and "was this task retried?"
 * for each of them. Both partial, so they cost nothing for the tasks they do not cover.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index tasks_failures_idx on tasks (finished_at desc, id desc) where status in ('failed', 'timed_out')`.execute(
    db,
  );
  await sql`create index tasks_retry_of_idx on tasks (retry_of) where retry_of is not null`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index tasks_retry_of_idx`.execute(db);
  await sql`drop index tasks_failures_idx`.execute(db);
}
