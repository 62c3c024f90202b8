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
  facets: { categories: Array<{ category: string; count: number }> };
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

  const tsQuery = query
    ? sql`(websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('simple', ${query}))`
    : null;
  const conditions: RawBuilder<unknown>[] = [];
  if (tsQuery)
    conditions.push(
      sql`(v.search @@ ${tsQuery} or v.name % ${query} or v.display_name ilike ${`%${escapeLike(query ?? '')}%`})`,
    );
  if (options.tags && options.tags.length > 0)
    conditions.push(sql`v.tags @> ${options.tags}::text[]`);
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

  const sortValue = sortExpression(options.sort, tsQuery, query);
  // The versions current at asOf: those never superseded, plus the few superseded since. Two
  // branches rather than `superseded_at is null or superseded_at > asOf`, so each can use its
  // index (the partial text, trigram and category indexes cover current versions only).
  const base = sql`
    from (
      select agent_id, name, display_name, description, category, tags, published_at, search
      from agent_versions where superseded_at is null and published_at <= ${asOf}
      union all
      select agent_id, name, display_name, description, category, tags, published_at, search
      from agent_versions where superseded_at > ${asOf} and published_at <= ${asOf}
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
    ${options.sort === 'trending' ? sql`left join (${trendingScores(asOf, 'week')}) tr on tr.agent_id = a.id` : sql``}
    where ${conditions.length > 0 ? sql.join(conditions, sql` and `) : sql`true`}
  `;
  const keyset = cursor
    ? sql`where (s.sort_value, s.id) < (${cursor.value}::float8, ${cursor.id}::uuid)`
    : sql``;

  const [page, facets] = await Promise.all([
    sql<ListingRow>`
      select s.* from (
        select a.id, a.name, a.publisher, v.display_name, v.description, v.category, v.tags, a.latest_version,
          a.latest_compatible_version, a.deprecated_message, a.performance_score, a.created_at, v.published_at as updated_at,
          p.verified,
          (a.install_count - coalesce(inst.d, 0))::int as installs,
          (a.rating_sum - coalesce(rev.s, 0))::int as rating_sum,
          (a.rating_count - coalesce(rev.c, 0))::int as rating_count,
          (${sortValue})::float8 as sort_value
        ${base} and ${categoryCondition}
      ) s
      ${keyset}
      order by s.sort_value desc, s.id desc
      limit ${options.limit + 1}
    `.execute(db),
    sql<{ category: string; count: number }>`
      select v.category, count(*)::int as count ${base} group by v.category order by count desc, v.category
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
    facets: { categories: facets.rows },
    asOf: asOf.toISOString(),
  };
}

function sortExpression(
  sort: SearchSort,
  tsQuery: RawBuilder<unknown> | null,
  query: string | undefined,
): RawBuilder<unknown> {
  switch (sort) {
    case 'relevance':
      // Without a query there is nothing to be relevant to: most installed first.
      return tsQuery
        ? sql`ts_rank_cd(v.search, ${tsQuery}, 32) + 0.5 * similarity(v.name, ${query}) + 0.3 * similarity(v.display_name, ${query})`
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
