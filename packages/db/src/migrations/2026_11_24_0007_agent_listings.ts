import { sql, type Kysely } from 'kysely';

/**
 * Search reads one row per matching current version, and a common word matches most of the
 * catalogue. In `agent_versions` those rows are a quarter of the table, scattered over nearly
 * every page among the superseded ones (142 MB for 104 000 versions), so "summary" read the
 * whole table. `agent_listings` holds the current version of each agent, and only the fields
 * search needs, in 26 000 contiguous rows; a trigger on `agent_versions` keeps it in step with
 * every insert and supersession, in the same transaction. Search still reads versions
 * superseded after its snapshot from `agent_versions` (a handful).
 *
 * `rank_vector` is what relevance ranks on: name and display name (A), tags (B), description
 * (C) and the readme's first 120 characters (D), a couple of hundred bytes instead of the full
 * vector's 1.2 kB, which ts_rank_cd would decompress for every match. Matching still uses
 * `search`, which covers the whole readme. It is a generated column of `agent_versions` (so the
 * superseded branch ranks identically) copied into the listing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table agent_versions add column rank_vector tsvector generated always as (
      setweight(to_tsvector('simple', replace(name, '/', ' ')), 'A') ||
      setweight(to_tsvector('english', display_name), 'A') ||
      setweight(to_tsvector('english', tags_text), 'B') ||
      setweight(to_tsvector('english', description), 'C') ||
      setweight(to_tsvector('english', left(readme, 120)), 'D')
    ) stored
  `.execute(db);
  await sql`
    create table agent_listings (
      agent_id uuid primary key references agents (id) on delete cascade,
      version_id uuid not null unique references agent_versions (id) on delete cascade,
      name text not null,
      display_name text not null,
      description text not null,
      category text not null,
      tags text[] not null,
      published_at timestamptz not null,
      search tsvector not null,
      rank_vector tsvector not null
    )
  `.execute(db);
  await sql`
    create function agent_listings_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        delete from agent_listings where version_id = old.id;
      end if;
      if new.superseded_at is null then
        insert into agent_listings (agent_id, version_id, name, display_name, description,
          category, tags, published_at, search, rank_vector)
        values (new.agent_id, new.id, new.name, new.display_name, new.description,
          new.category, new.tags, new.published_at, new.search, new.rank_vector)
        on conflict (agent_id) do update set version_id = excluded.version_id,
          name = excluded.name, display_name = excluded.display_name,
          description = excluded.description, category = excluded.category,
          tags = excluded.tags, published_at = excluded.published_at,
          search = excluded.search, rank_vector = excluded.rank_vector;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agent_listings_sync
    after insert or update of superseded_at, name, display_name, description, category, tags,
      tags_text, readme, published_at
    on agent_versions for each row execute function agent_listings_sync()
  `.execute(db);
  await sql`
    insert into agent_listings (agent_id, version_id, name, display_name, description, category,
      tags, published_at, search, rank_vector)
    select agent_id, id, name, display_name, description, category, tags, published_at, search,
      rank_vector
    from agent_versions where superseded_at is null
  `.execute(db);
  await sql`create index agent_listings_search_idx on agent_listings using gin (search)`.execute(
    db,
  );
  await sql`create index agent_listings_name_trgm_idx on agent_listings using gin (name gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index agent_listings_display_name_trgm_idx on agent_listings using gin (display_name gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index agent_listings_tags_idx on agent_listings using gin (tags)`.execute(db);
  await sql`create index agent_listings_category_idx on agent_listings (category)`.execute(db);
  // Searches without text (sorts, filters, facets) read every listing's fields from this alone.
  await sql`create index agent_listings_covering_idx on agent_listings (agent_id) include (name, display_name, description, category, tags, published_at)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger agent_listings_sync on agent_versions`.execute(db);
  await sql`drop function agent_listings_sync()`.execute(db);
  await sql`drop table agent_listings`.execute(db);
  await sql`alter table agent_versions drop column rank_vector`.execute(db);
}
