import { sql, type Kysely } from 'kysely';

/**
 * A cancel can arrive before the task it names exists (the client chose the id, pressed Stop,
 * and its create is still in flight). The intent is kept, and a later create with that id
 * starts the task cancelled.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('task_cancel_intents')
    .addColumn('task_id', 'uuid', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('task_cancel_intents').execute();
}
