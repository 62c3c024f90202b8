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
 * The index on `search` is unchanged; the covering index of migration 0007 is replaced.
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
  await sql`
    alter table agent_listings
      add column publisher text,
      add column verified boolean,
      add column compatible boolean,
      add column created_at timestamptz,
      add column created_epoch float8,
      add column published_epoch float8,
      add column install_count integer,
      add column rating_sum integer,
      add column rating_count integer,
      add column rating_score float8 generated always as
        ((rating_sum + 15)::float8 / (rating_count + 5)) stored,
      add column head_vector tsvector
  `.execute(db);
  await sql`
    update agent_listings l set publisher = a.publisher, verified = p.verified,
      compatible = a.latest_compatible_version is not null, created_at = a.created_at,
      created_epoch = extract(epoch from a.created_at)::float8,
      published_epoch = extract(epoch from l.published_at)::float8,
      install_count = a.install_count, rating_sum = a.rating_sum, rating_count = a.rating_count,
      head_vector = agent_head_vector(v.name, v.display_name, v.tags_text)
    from agents a, publishers p, agent_versions v
    where a.id = l.agent_id and p.scope = a.publisher and v.id = l.version_id
  `.execute(db);
  for (const column of [
    'publisher',
    'verified',
    'compatible',
    'created_at',
    'created_epoch',
    'published_epoch',
    'install_count',
    'rating_sum',
    'rating_count',
    'head_vector',
  ])
    await sql`alter table agent_listings alter column ${sql.ref(column)} set not null`.execute(db);

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

  await sql`drop index agent_listings_covering_idx`.execute(db);
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
