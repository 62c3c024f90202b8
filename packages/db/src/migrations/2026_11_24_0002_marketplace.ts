import { sql, type Kysely } from 'kysely';

/**
 * The marketplace: publisher scopes, agents and their immutable versions (canonical manifest,
 * digest, platform signature, validation report), installations with their lock, reviews,
 * advisories, and the install events trending is computed from.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('publishers')
    .addColumn('scope', 'text', (col) => col.primaryKey())
    .addColumn('owner_user_id', 'uuid', (col) =>
      col.notNull().references('users.id').onDelete('restrict'),
    )
    .addColumn('verified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('agents')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull().unique())
    .addColumn('publisher', 'text', (col) => col.notNull().references('publishers.scope'))
    .addColumn('latest_version', 'text', (col) => col.notNull())
    // Newest non-yanked version whose engines range admits the running platform (null: none).
    .addColumn('latest_compatible_version', 'text')
    .addColumn('deprecated_message', 'text')
    .addColumn('install_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rating_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rating_sum', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('performance_score', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index agents_name_trgm_idx on agents using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index agents_publisher_idx on agents (publisher)`.execute(db);

  await db.schema
    .createTable('agent_versions')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agent_id', 'uuid', (col) =>
      col.notNull().references('agents.id').onDelete('cascade'),
    )
    .addColumn('version', 'text', (col) => col.notNull())
    // Numeric parts for ordering without semver in SQL; prerelease sorts before release.
    .addColumn('major', 'integer', (col) => col.notNull())
    .addColumn('minor', 'integer', (col) => col.notNull())
    .addColumn('patch', 'integer', (col) => col.notNull())
    .addColumn('prerelease', 'text')
    .addColumn('kind', 'text', (col) => col.notNull())
    // Listing fields as this version declares them; search runs over the version that was
    // current at the query's snapshot time, so pages stay consistent while agents change.
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('category', 'text', (col) => col.notNull())
    .addColumn('tags', sql`text[]`, (col) => col.notNull())
    .addColumn('tags_text', 'text', (col) => col.notNull())
    .addColumn('readme', 'text', (col) => col.notNull())
    .addColumn('engines_range', 'text', (col) => col.notNull())
    // Whether engines_range admits the running platform version (recomputed when it changes).
    .addColumn('compatible', 'boolean', (col) => col.notNull())
    .addColumn('dependencies', 'jsonb', (col) => col.notNull())
    .addColumn('permissions', 'jsonb', (col) => col.notNull())
    // The exact bytes that were signed: canonical JSON of the manifest.
    .addColumn('canonical_manifest', 'text', (col) => col.notNull())
    .addColumn('digest', 'text', (col) => col.notNull())
    .addColumn('signature', 'text', (col) => col.notNull())
    .addColumn('validation_report', 'jsonb', (col) => col.notNull())
    .addColumn('verdict', 'text', (col) =>
      col.notNull().check(sql`verdict in ('pass', 'warnings')`),
    )
    .addColumn('performance_score', 'integer', (col) => col.notNull())
    .addColumn('deprecated_message', 'text')
    .addColumn('yanked_at', 'timestamptz')
    .addColumn('yank_reason', 'text')
    .addColumn('published_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // When a higher version became the agent's listing version (null: this one is current).
    .addColumn('superseded_at', 'timestamptz')
    .addColumn('search', sql`tsvector`, (col) =>
      col
        .generatedAlwaysAs(
          sql`setweight(to_tsvector('simple', replace(name, '/', ' ')), 'A') || setweight(to_tsvector('english', display_name), 'A') || setweight(to_tsvector('english', tags_text), 'B') || setweight(to_tsvector('english', description), 'C') || setweight(to_tsvector('english', left(readme, 20000)), 'D')`,
        )
        .stored(),
    )
    .addUniqueConstraint('agent_versions_agent_version_key', ['agent_id', 'version'])
    .execute();
  await sql`create index agent_versions_search_idx on agent_versions using gin (search)`.execute(
    db,
  );
  await sql`create index agent_versions_current_idx on agent_versions (agent_id) where superseded_at is null`.execute(
    db,
  );
  await sql`create index agent_versions_superseded_idx on agent_versions (superseded_at) where superseded_at is not null`.execute(
    db,
  );
  await sql`create index agent_versions_category_idx on agent_versions (category) where superseded_at is null`.execute(
    db,
  );
  await sql`create index agent_versions_tags_idx on agent_versions using gin (tags)`.execute(db);
  await sql`create index agent_versions_name_trgm_idx on agent_versions using gin (name gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index agent_versions_order_idx on agent_versions (agent_id, major desc, minor desc, patch desc)`.execute(
    db,
  );

  await db.schema
    .createTable('installations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('agent_id', 'uuid', (col) =>
      col.notNull().references('agents.id').onDelete('cascade'),
    )
    .addColumn('version', 'text', (col) => col.notNull())
    // Installed on request (true) or only as another installation's dependency (false).
    .addColumn('requested', 'boolean', (col) => col.notNull())
    .addColumn('pinned', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('config', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    // AES-256-GCM ciphertext of the secret config values; never returned by the API.
    .addColumn('secrets', 'text')
    // Exact versions and digests of this agent and everything it depends on.
    .addColumn('lock', 'jsonb', (col) => col.notNull())
    .addColumn('granted_permissions', 'jsonb', (col) => col.notNull())
    .addColumn('installed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('installations_user_agent_key', ['user_id', 'agent_id'])
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agent_id', 'uuid', (col) =>
      col.notNull().references('agents.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('version', 'text', (col) => col.notNull())
    .addColumn('rating', 'integer', (col) => col.notNull().check(sql`rating between 1 and 5`))
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('reviews_agent_user_key', ['agent_id', 'user_id'])
    .execute();
  await sql`create index reviews_agent_idx on reviews (agent_id, updated_at desc)`.execute(db);

  // Every change to an agent's rating totals, so search can rank by rating as of a snapshot.
  await db.schema
    .createTable('review_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agent_id', 'uuid', (col) =>
      col.notNull().references('agents.id').onDelete('cascade'),
    )
    .addColumn('sum_delta', 'integer', (col) => col.notNull())
    .addColumn('count_delta', 'integer', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index review_events_at_idx on review_events (at desc)`.execute(db);

  await db.schema
    .createTable('advisories')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agent_name', 'text', (col) => col.notNull())
    .addColumn('range', 'text', (col) => col.notNull())
    .addColumn('severity', 'text', (col) =>
      col.notNull().check(sql`severity in ('low', 'medium', 'high', 'critical')`),
    )
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index advisories_agent_idx on advisories (agent_name)`.execute(db);

  await db.schema
    .createTable('install_events')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('agent_id', 'uuid', (col) =>
      col.notNull().references('agents.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'uuid', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('install', 'update', 'uninstall')`),
    )
    .addColumn('version', 'text', (col) => col.notNull())
    .addColumn('at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index install_events_agent_at_idx on install_events (agent_id, at desc)`.execute(
    db,
  );
  await sql`create index install_events_at_idx on install_events (at desc)`.execute(db);
  // Trending and analytics count runs per agent over time.
  await sql`create index tasks_agent_created_idx on tasks (agent, created_at desc)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists tasks_agent_created_idx`.execute(db);
  for (const table of [
    'install_events',
    'advisories',
    'review_events',
    'reviews',
    'installations',
    'agent_versions',
    'agents',
    'publishers',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
