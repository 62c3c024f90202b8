import { sql, type Kysely } from 'kysely';

/**
 * Trending scores, refreshed in the background (packages/api/src/marketplace/trending.ts):
 * aggregating a week of install events and runs took longer than the rest of a search, and
 * sorting by a score computed per search means scoring every agent. Each refresh stores the
 * scores (the search's week window) of every agent with a non-zero score at that moment; a
 * search ranks by the latest refresh at or before its snapshot, through the index, and its
 * later pages by the same refresh. Old refreshes are pruned by the refresher (cascade).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table trending_refreshes (computed_at timestamptz primary key)`.execute(db);
  await sql`
    create table trending_scores (
      computed_at timestamptz not null references trending_refreshes (computed_at) on delete cascade,
      agent_id uuid not null references agents (id) on delete cascade,
      score float8 not null,
      primary key (computed_at, agent_id)
    )
  `.execute(db);
  await sql`create index trending_scores_order_idx on trending_scores (computed_at, score desc, agent_id desc)`.execute(
    db,
  );
  await sql`create index trending_scores_agent_idx on trending_scores (agent_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table trending_scores`.execute(db);
  await sql`drop table trending_refreshes`.execute(db);
}
