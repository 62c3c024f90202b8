import { sql, type Kysely } from 'kysely';

/**
 * Search reads `agent_listings` alone. The listing now also carries what search filters and
 * sorts on from `agents` and `publishers` (publisher, verified, compatible, creation time,
 * install and rating totals), kept in step by triggers on all three tables in the same
 * transaction as the change, so a search no longer joins 26 000 listings to `agents` and
 * `publishers` to sort or filter them, and sorts are walks of an index in order:
 *
 * - `install_count`, `rating_score` (the rating sort's Bayesian average, prior 3 stars with the
 *   weight of 5 ratings), `created_epoch` and `published_epoch` (float8 seconds, the values a
 *   search cursor carries), each indexed with `agent_id` as the tie-breaker;
 * - `head_vector`: name and display name (A) and tags (B), so relevance can rank the listings
 *   whose every query word is in their name or tags before the rest (`rank_vector` gains a GIN
 *   index for the next tier);
 * - a covering index of the filter columns by category, for facet counts without text.
 *
 * The table is rebuilt with its columns in a new order (below); its text indexes are the same
 * as migration 0007's, whose covering index is replaced by the facets index.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function agent_head_vector(name text, display_name text, tags_text text)
    returns tsvector language sql immutable parallel safe as $$
      select setweight(to_tsvector('simple', replace(name, '/', ' ')), 'A') ||
        setweight(to_tsvector('english', display_name), 'A') ||
        setweight(to_tsvector('english', tags_text), 'B')
    $$
  `.execute(db);
  // Rebuilt rather than altered, to order its columns: the fixed-width ones search filters on
  // first, then category, then the text, the vectors last. A row's columns are read in order,
  // and behind three vectors of several hundred bytes, reading `compatible` and `category` for
  // each of 21 000 matches cost a quarter of a facet count.
  await sql`alter table agent_listings rename to agent_listings_0007`.execute(db);
  for (const constraint of ['pkey', 'version_id_key', 'agent_id_fkey', 'version_id_fkey'])
    await sql`alter table agent_listings_0007 rename constraint ${sql.id(`agent_listings_${constraint}`)} to ${sql.id(`agent_listings_0007_${constraint}`)}`.execute(
      db,
    );
  await sql`
    create table agent_listings (
      agent_id uuid primary key references agents (id) on delete cascade,
      version_id uuid not null unique references agent_versions (id) on delete cascade,
      published_at timestamptz not null,
      created_at timestamptz not null,
      created_epoch float8 not null,
      published_epoch float8 not null,
      rating_score float8 generated always as
        ((rating_sum + 15)::float8 / (rating_count + 5)) stored,
      install_count integer not null,
      rating_sum integer not null,
      rating_count integer not null,
      compatible boolean not null,
      verified boolean not null,
      category text not null,
      publisher text not null,
      name text not null,
      display_name text not null,
      description text not null,
      tags text[] not null,
      head_vector tsvector not null,
      rank_vector tsvector not null,
      search tsvector not null
    )
  `.execute(db);
  await sql`
    insert into agent_listings (agent_id, version_id, published_at, created_at, created_epoch,
      published_epoch, install_count, rating_sum, rating_count, compatible, verified, category,
      publisher, name, display_name, description, tags, head_vector, rank_vector, search)
    select l.agent_id, l.version_id, l.published_at, a.created_at,
      extract(epoch from a.created_at)::float8, extract(epoch from l.published_at)::float8,
      a.install_count, a.rating_sum, a.rating_count, a.latest_compatible_version is not null,
      p.verified, l.category, a.publisher, l.name, l.display_name, l.description, l.tags,
      agent_head_vector(v.name, v.display_name, v.tags_text), l.rank_vector, l.search
    from agent_listings_0007 l
    join agents a on a.id = l.agent_id
    join publishers p on p.scope = a.publisher
    join agent_versions v on v.id = l.version_id
  `.execute(db);
  await sql`drop table agent_listings_0007`.execute(db);

  // A version's listing takes the agent's and publisher's fields as they are at that moment.
  await sql`
    create or replace function agent_listings_sync() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        delete from agent_listings where version_id = old.id;
      end if;
      if new.superseded_at is null then
        insert into agent_listings (agent_id, version_id, name, display_name, description,
          category, tags, published_at, search, rank_vector, head_vector, publisher, verified,
          compatible, created_at, created_epoch, published_epoch, install_count, rating_sum,
          rating_count)
        select new.agent_id, new.id, new.name, new.display_name, new.description,
          new.category, new.tags, new.published_at, new.search, new.rank_vector,
          agent_head_vector(new.name, new.display_name, new.tags_text), a.publisher, p.verified,
          a.latest_compatible_version is not null, a.created_at,
          extract(epoch from a.created_at)::float8, extract(epoch from new.published_at)::float8,
          a.install_count, a.rating_sum, a.rating_count
        from agents a join publishers p on p.scope = a.publisher
        where a.id = new.agent_id
        on conflict (agent_id) do update set version_id = excluded.version_id,
          name = excluded.name, display_name = excluded.display_name,
          description = excluded.description, category = excluded.category,
          tags = excluded.tags, published_at = excluded.published_at,
          search = excluded.search, rank_vector = excluded.rank_vector,
          head_vector = excluded.head_vector, published_epoch = excluded.published_epoch;
      end if;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create function agent_listings_sync_agent() returns trigger language plpgsql as $$
    begin
      update agent_listings set publisher = new.publisher,
        compatible = new.latest_compatible_version is not null, created_at = new.created_at,
        created_epoch = extract(epoch from new.created_at)::float8,
        install_count = new.install_count, rating_sum = new.rating_sum,
        rating_count = new.rating_count,
        verified = (select verified from publishers where scope = new.publisher)
      where agent_id = new.id;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agent_listings_sync_agent
    after update of publisher, latest_compatible_version, created_at, install_count, rating_sum,
      rating_count
    on agents for each row
    when ((old.publisher, old.latest_compatible_version is null, old.created_at,
      old.install_count, old.rating_sum, old.rating_count)
      is distinct from (new.publisher, new.latest_compatible_version is null, new.created_at,
      new.install_count, new.rating_sum, new.rating_count))
    execute function agent_listings_sync_agent()
  `.execute(db);
  await sql`
    create function agent_listings_sync_publisher() returns trigger language plpgsql as $$
    begin
      update agent_listings set verified = new.verified where publisher = new.scope;
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agent_listings_sync_publisher
    after update of verified on publishers for each row
    when (old.verified is distinct from new.verified)
    execute function agent_listings_sync_publisher()
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
  await sql`create index agent_listings_head_idx on agent_listings using gin (head_vector)`.execute(
    db,
  );
  await sql`create index agent_listings_rank_idx on agent_listings using gin (rank_vector)`.execute(
    db,
  );
  for (const column of ['install_count', 'rating_score', 'created_epoch', 'published_epoch'])
    await sql`create index ${sql.id(`agent_listings_${column}_idx`)} on agent_listings (${sql.ref(column)} desc, agent_id desc)`.execute(
      db,
    );
  await sql`create index agent_listings_publisher_idx on agent_listings (publisher)`.execute(db);
  // Facet counts without words read only this, in category order.
  await sql`create index agent_listings_facets_idx on agent_listings (category) include (agent_id, compatible, published_at, verified, rating_sum, rating_count)`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger agent_listings_sync_publisher on publishers`.execute(db);
  await sql`drop function agent_listings_sync_publisher()`.execute(db);
  await sql`drop trigger agent_listings_sync_agent on agents`.execute(db);
  await sql`drop function agent_listings_sync_agent()`.execute(db);
  for (const index of [
    'head',
    'rank',
    'install_count',
    'rating_score',
    'created_epoch',
    'published_epoch',
    'publisher',
    'facets',
  ])
    await sql`drop index ${sql.id(`agent_listings_${index}_idx`)}`.execute(db);
  await sql`
    alter table agent_listings drop column rating_score, drop column publisher,
      drop column verified, drop column compatible, drop column created_at,
      drop column created_epoch, drop column published_epoch, drop column install_count,
      drop column rating_sum, drop column rating_count, drop column head_vector
  `.execute(db);
  await sql`drop function agent_head_vector(text, text, text)`.execute(db);
  await sql`create index agent_listings_category_idx on agent_listings (category)`.execute(db);
  await sql`create index agent_listings_covering_idx on agent_listings (agent_id) include (name, display_name, description, category, tags, published_at)`.execute(
    db,
  );
  await sql`
    create or replace function agent_listings_sync() returns trigger language plpgsql as $$
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
}
