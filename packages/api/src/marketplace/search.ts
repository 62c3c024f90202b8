import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import semver from 'semver';
import { decodeSearchCursor, encodeSearchCursor, filterHash } from './search-cursor';
import { trendingScores } from './trending';

import type { SearchSort } from '@capecontrol/schema';

export interface SearchOptions {
  query?: string | undefined;
  category?: string | undefined;
  tags?: string[] | undefined;
  publisher?: string | undefined;
  verified?: boolean | undefined;
  /** Only agents with a version this platform can run (default true). */
  compatible?: boolean | undefined;
  minRating?: number | undefined;
  /** Only these agents (trending, installations). */
  ids?: string[] | undefined;
  sort: SearchSort;
  limit: number;
  cursor?: string | null | undefined;
}

export type { SearchSort };

export interface AgentListing {
  id: string;
  name: string;
  publisher: string;
  displayName: string;
  description: string;
  category: string;
  tags: string[];
  latestVersion: string;
  latestCompatibleVersion: string | null;
  installs: number;
  rating: { average: number | null; count: number };
  verified: boolean;
  deprecated: string | null;
  performanceScore: number;
  createdAt: string;
  updatedAt: string;
  /** The caller's installation, with whether a newer compatible version exists. */
  installed: { version: string; updateAvailable: boolean } | null;
}

export interface SearchResult {
  items: AgentListing[];
  nextCursor: string | null;
  /**
   * Matches per category, over the whole result (not one page). First page only: later pages
   * share its snapshot and filters, so their counts would be the same; they carry null.
   */
  facets: { categories: Array<{ category: string; count: number }> } | null;
  /** The snapshot every page of this search is taken at. */
  asOf: string;
}

/** Prior for the rating sort: a Bayesian average pulls agents with few ratings towards 3 stars. */
const RATING_PRIOR = { mean: 3, weight: 5 };

/**
 * Marketplace search. Every page of one search reads the same snapshot (the first page's time):
 * each agent is represented by its version that was current then, and install counts, ratings
 * and trending are taken as of then (current totals minus later events). Keyset pagination over
 * (sort value, agent id) then gives no duplicate and no gap, however the data changes meanwhile.
 */
export async function searchAgents(
  db: Kysely<DB>,
  options: SearchOptions,
  viewerId: string | null,
): Promise<SearchResult> {
  const query = options.query?.trim() || undefined;
  const filters = { ...options, query, cursor: undefined, limit: undefined };
  const hash = filterHash(filters);
  const cursor = options.cursor ? decodeSearchCursor(options.cursor, hash) : null;
  const asOf = cursor ? new Date(cursor.asOf) : new Date();
  const compatible = options.compatible ?? true;

  // A scalar subquery, so the stable websearch_to_tsquery runs once per statement (an InitPlan),
  // not once per row a filter or ts_rank visits; with its value unknown at planning time the
  // planner also matches through the GIN index instead of testing every listing's vector.
  const tsQuery = query
    ? sql`(select websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('simple', ${query}))`
    : null;
  // Conditions on the version itself, applied inside each branch of the snapshot union below.
  const versionConditions: RawBuilder<unknown>[] = [];
  if (tsQuery)
    versionConditions.push(
      sql`(search @@ ${tsQuery} or name % ${query} or display_name ilike ${`%${escapeLike(query ?? '')}%`})`,
    );
  if (options.tags && options.tags.length > 0)
    versionConditions.push(sql`tags @> ${options.tags}::text[]`);
  const versionMatch =
    versionConditions.length > 0 ? sql.join(versionConditions, sql` and `) : sql`true`;
  // Conditions on the agent (publisher, ratings and installs as of the snapshot), applied inside
  // the agent side of the join.
  const conditions: RawBuilder<unknown>[] = [];
  if (options.publisher) conditions.push(sql`a.publisher = ${options.publisher}`);
  if (options.ids)
    conditions.push(options.ids.length > 0 ? sql`a.id = any(${options.ids}::uuid[])` : sql`false`);
  if (options.verified !== undefined) conditions.push(sql`p.verified = ${options.verified}`);
  if (compatible) conditions.push(sql`a.latest_compatible_version is not null`);
  if (options.minRating !== undefined) {
    conditions.push(
      sql`(a.rating_count - coalesce(rev.c, 0)) > 0 and (a.rating_sum - coalesce(rev.s, 0))::float8 / (a.rating_count - coalesce(rev.c, 0)) >= ${options.minRating}`,
    );
  }
  const categoryCondition = options.category ? sql`v.category = ${options.category}` : sql`true`;

  const sortValue = sortExpression(options.sort, query);
  // The versions current at asOf: the current listings (agent_listings, one narrow row per
  // agent, kept by a trigger) published by then, plus the few versions superseded since. Two
  // branches rather than `superseded_at is null or superseded_at > asOf`, so each can use its
  // indexes, and a common word reads 26 000 contiguous listings instead of most of the table.
  // Only the page ranks (facets need neither text rank nor trending scores), and it ranks inside
  // the branches so the rows joined and sorted above carry a number, not a vector.
  // Trending scores are aggregated once per page, not once per parallel worker joining them.
  const trending = options.sort === 'trending';
  const base = (ranked: boolean) => {
    const columns = sql`agent_id, name, display_name, description, category, tags, published_at, ${
      ranked && tsQuery ? sql`ts_rank_cd(rank_vector, ${tsQuery}, 32)` : sql`0`
    }::float8 as text_rank`;
    return sql`
    from (
      select ${columns} from agent_listings where published_at <= ${asOf} and ${versionMatch}
      union all
      select ${columns} from agent_versions
      where superseded_at > ${asOf} and published_at <= ${asOf} and ${versionMatch}
    ) v
    join agents a on a.id = v.agent_id
    join publishers p on p.scope = a.publisher
    left join (
      select agent_id, sum(case kind when 'install' then 1 when 'uninstall' then -1 else 0 end)::int as d
      from install_events where at > ${asOf} group by agent_id
    ) inst on inst.agent_id = a.id
    left join (
      select agent_id, sum(sum_delta)::int as s, sum(count_delta)::int as c
      from review_events where at > ${asOf} group by agent_id
    ) rev on rev.agent_id = a.id
    ${ranked && trending ? sql`left join tr on tr.agent_id = a.id` : sql``}
    where ${conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`}
  `;
  };
  const keyset = cursor
    ? sql`where (s.sort_value, s.id) < (${cursor.value}::float8, ${cursor.id}::uuid)`
    : sql``;

  const [page, facets] = await Promise.all([
    sql<ListingRow>`
      ${trending ? sql`with tr as materialized (${trendingScores(asOf, 'week')})` : sql``}
      select s.* from (
        select a.id, a.name, a.publisher, v.display_name, v.description, v.category, v.tags, a.latest_version,
          a.latest_compatible_version, a.deprecated_message, a.performance_score, a.created_at, v.published_at as updated_at,
          p.verified,
          (a.install_count - coalesce(inst.d, 0))::int as installs,
          (a.rating_sum - coalesce(rev.s, 0))::int as rating_sum,
          (a.rating_count - coalesce(rev.c, 0))::int as rating_count,
          (${sortValue})::float8 as sort_value
        ${base(true)} and ${categoryCondition}
      ) s
      ${keyset}
      order by s.sort_value desc, s.id desc
      limit ${options.limit + 1}
    `.execute(db),
    cursor
      ? null
      : sql<{ category: string; count: number }>`
          select v.category, count(*)::int as count ${base(false)} group by v.category order by count desc, v.category
        `.execute(db),
  ]);

  const rows = page.rows.slice(0, options.limit);
  const installed = viewerId
    ? await installedVersions(
        db,
        viewerId,
        rows.map((row) => row.id),
      )
    : new Map<string, string>();
  const last = rows.at(-1);
  return {
    items: rows.map((row) => toListing(row, installed.get(row.id) ?? null)),
    nextCursor:
      page.rows.length > options.limit && last
        ? encodeSearchCursor({
            asOf: asOf.toISOString(),
            value: last.sort_value,
            id: last.id,
            filters: hash,
          })
        : null,
    facets: facets ? { categories: facets.rows } : null,
    asOf: asOf.toISOString(),
  };
}

function sortExpression(sort: SearchSort, query: string | undefined): RawBuilder<unknown> {
  switch (sort) {
    case 'relevance':
      // Without a query there is nothing to be relevant to: most installed first. Ranked on the
      // compact rank_vector (listing fields and the readme's opening), matched on the full one.
      return query
        ? sql`v.text_rank + 0.5 * similarity(v.name, ${query}) + 0.3 * similarity(v.display_name, ${query})`
        : sql`a.install_count - coalesce(inst.d, 0)`;
    case 'installs':
      return sql`a.install_count - coalesce(inst.d, 0)`;
    case 'rating':
      return sql`((a.rating_sum - coalesce(rev.s, 0)) + ${RATING_PRIOR.mean * RATING_PRIOR.weight})::float8 / ((a.rating_count - coalesce(rev.c, 0)) + ${RATING_PRIOR.weight})`;
    case 'trending':
      return sql`coalesce(tr.score, 0)`;
    case 'newest':
      return sql`extract(epoch from a.created_at)`;
    case 'updated':
      return sql`extract(epoch from v.published_at)`;
  }
}

interface ListingRow {
  id: string;
  name: string;
  publisher: string;
  display_name: string;
  description: string;
  category: string;
  tags: string[];
  latest_version: string;
  latest_compatible_version: string | null;
  deprecated_message: string | null;
  performance_score: number;
  created_at: Date;
  updated_at: Date;
  verified: boolean;
  installs: number;
  rating_sum: number;
  rating_count: number;
  sort_value: number;
}

function toListing(row: ListingRow, installedVersion: string | null): AgentListing {
  return {
    id: row.id,
    name: row.name,
    publisher: row.publisher,
    displayName: row.display_name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    latestVersion: row.latest_version,
    latestCompatibleVersion: row.latest_compatible_version,
    installs: row.installs,
    rating: {
      average:
        row.rating_count > 0 ? Math.round((row.rating_sum / row.rating_count) * 100) / 100 : null,
      count: row.rating_count,
    },
    verified: row.verified,
    deprecated: row.deprecated_message,
    performanceScore: row.performance_score,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    installed: installedVersion
      ? {
          version: installedVersion,
          updateAvailable:
            row.latest_compatible_version !== null &&
            semver.gt(row.latest_compatible_version, installedVersion),
        }
      : null,
  };
}

async function installedVersions(
  db: Kysely<DB>,
  userId: string,
  agentIds: string[],
): Promise<Map<string, string>> {
  if (agentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('installations')
    .select(['agent_id', 'version'])
    .where('user_id', '=', userId)
    .where('agent_id', 'in', agentIds)
    .execute();
  return new Map(rows.map((row) => [row.agent_id, row.version]));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (match) => `\\${match}`);
}
