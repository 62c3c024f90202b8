import { sql, type Kysely } from 'kysely';

/**
 * Durable tasks (one row per agent call), their steps (`runs`), their event log (the record
 * every stream replays from), and the knowledge base the Guide searches.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('agent', 'text', (col) => col.notNull())
    .addColumn('input', 'jsonb', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('queued')
        .check(
          sql`status in ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'timed_out')`,
        ),
    )
    .addColumn('idempotency_key', 'text')
    .addColumn('retry_of', 'uuid', (col) => col.references('tasks.id').onDelete('set null'))
    .addColumn('attempt', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(3))
    .addColumn('timeout_ms', 'integer', (col) => col.notNull())
    // Lease: who runs it, until when, and the fencing token every write of that holder carries.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('fencing_token', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('cancel_requested_at', 'timestamptz')
    .addColumn('output', 'jsonb')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('prompt_tokens', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    // Set when the task first starts: timeout_ms bounds running time, not time in the queue.
    .addColumn('deadline_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index tasks_idempotency_idx on tasks (user_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  await sql`create index tasks_user_created_idx on tasks (user_id, created_at desc, id desc)`.execute(
    db,
  );
  // What workers poll: queued work in order, and running work whose lease may have expired.
  await sql`create index tasks_queued_idx on tasks (created_at) where status = 'queued'`.execute(
    db,
  );
  await sql`create index tasks_running_lease_idx on tasks (lease_expires_at) where status = 'running'`.execute(
    db,
  );

  await db.schema
    .createTable('runs')
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('attempt', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('running', 'succeeded', 'failed', 'cancelled')`),
    )
    .addColumn('input', 'jsonb')
    .addColumn('output', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('prompt_tokens', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addPrimaryKeyConstraint('runs_pkey', ['task_id', 'seq'])
    .execute();

  await db.schema
    .createTable('task_events')
    .addColumn('task_id', 'uuid', (col) => col.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('id', 'integer', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('data', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('task_events_pkey', ['task_id', 'id'])
    .execute();

  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema
    .createTable('knowledge_documents')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull().check(sql`source in ('builtin', 'admin')`))
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('updated_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index knowledge_documents_title_trgm_idx on knowledge_documents using gin (title gin_trgm_ops)`.execute(
    db,
  );

  await db.schema
    .createTable('knowledge_chunks')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('document_id', 'uuid', (col) =>
      col.notNull().references('knowledge_documents.id').onDelete('cascade'),
    )
    .addColumn('ordinal', 'integer', (col) => col.notNull())
    .addColumn('document_title', 'text', (col) => col.notNull())
    .addColumn('heading', 'text', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    // Weighted: document title (A), section heading (B), body (C).
    .addColumn('search', sql`tsvector`, (col) =>
      col
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('english', document_title), 'A') || setweight(to_tsvector('english', heading), 'B') || setweight(to_tsvector('english', content), 'C')`,
        )
        .stored(),
    )
    .addUniqueConstraint('knowledge_chunks_document_ordinal_key', ['document_id', 'ordinal'])
    .execute();
  await sql`create index knowledge_chunks_search_idx on knowledge_chunks using gin (search)`.execute(
    db,
  );
  await sql`create index knowledge_chunks_heading_trgm_idx on knowledge_chunks using gin (heading gin_trgm_ops)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('knowledge_chunks').execute();
  await db.schema.dropTable('knowledge_documents').execute();
  await db.schema.dropTable('task_events').execute();
  await db.schema.dropTable('runs').execute();
  await db.schema.dropTable('tasks').execute();
}
