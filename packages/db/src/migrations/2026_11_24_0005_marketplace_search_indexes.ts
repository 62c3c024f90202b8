import { sql, type Kysely } from 'kysely';

/**
 * Search reads the versions current at its snapshot: never superseded, or superseded after it
 * (a handful, found through agent_versions_superseded_idx). The text, name and display-name
 * indexes therefore cover current versions only: a quarter of the rows when agents average four
 * versions, so a match no longer visits every old version's row. Display names get a trigram
 * index so `display_name ilike '%…%'` stops forcing a sequential scan. A covering index holds
 * the listing fields of current versions, so searches without text (sorts, filters, facets)
 * read it alone (an index-only scan) instead of the wide rows (readme, manifest, tsvector).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index agent_versions_current_search_idx on agent_versions using gin (search) where superseded_at is null`.execute(
    db,
  );
  await sql`create index agent_versions_current_name_trgm_idx on agent_versions using gin (name gin_trgm_ops) where superseded_at is null`.execute(
    db,
  );
  await sql`create index agent_versions_current_display_name_trgm_idx on agent_versions using gin (display_name gin_trgm_ops) where superseded_at is null`.execute(
    db,
  );
  await sql`create index agent_versions_current_listing_idx on agent_versions (agent_id) include (name, display_name, description, category, tags, published_at) where superseded_at is null`.execute(
    db,
  );
  await sql`drop index agent_versions_search_idx`.execute(db);
  await sql`drop index agent_versions_name_trgm_idx`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index agent_versions_search_idx on agent_versions using gin (search)`.execute(
    db,
  );
  await sql`create index agent_versions_name_trgm_idx on agent_versions using gin (name gin_trgm_ops)`.execute(
    db,
  );
  await sql`drop index agent_versions_current_listing_idx`.execute(db);
  await sql`drop index agent_versions_current_display_name_trgm_idx`.execute(db);
  await sql`drop index agent_versions_current_name_trgm_idx`.execute(db);
  await sql`drop index agent_versions_current_search_idx`.execute(db);
}
