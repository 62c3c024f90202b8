import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import semver from 'semver';
import { decodeSearchCursor, encodeSearchCursor, filterHash } from './search-cursor';
import { AppError } from '../errors';
import { SEARCH_TRENDING_WINDOW, trendingScores } from './trending';

import { marketplaceCategories, type SearchSort } from '@capecontrol/schema';

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

/**
 * Prior for the rating sort: a Bayesian average pulls agents with few ratings towards 3 stars.
 * `agent_listings.rating_score` (migration 2026_11_24_0008) stores the same average for the
 * rating index; the two must agree.
 */
const RATING_PRIOR = { mean: 3, weight: 5 };

/**
 * Relevance tiers, best first. A listing belongs to the first tier whose fields hold every word
 * of the query: its name, display name or tags (or a name close to what was typed, for
 * misspellings); then anything relevance ranks on (description and the readme's opening); then
 * the rest of the readme. Within a tier: the text rank (plus name similarity in the first), and
 * for readme-only matches the most installed first. The sort value is tier + a score in [0, 1),
 * so one number orders the whole result and a cursor names its tier.
 */
const TIERS = [3, 2, 1] as const;

/** How far a sorted search with words walks the sort order before reading every match. */
const PROBE_ROWS = 150;

/**
 * Marketplace search. Every page of one search reads the same snapshot (the first page's time):
 * each agent is represented by its version that was current then, and install counts, ratings
 * and trending are taken as of then (current totals minus later events). Keyset pagination over
 * (sort value, agent id) then gives no duplicate and no gap, however the data changes meanwhile.
 *
 * How it stays fast: agents nothing happened to since the snapshot (all of them, on a first
 * page) are read from `agent_listings` as they are, where every sort key is indexed, so a sort
 * is an index walk that stops after one page; the few that changed since (a new version, an
 * install, a review) are rebuilt as of the snapshot from `agent_versions`, `agents` and the
 * event tables, and the two branches are merged. Text relevance ranks tier by tier (above) and
 * stops when a page is full, so a common word ranks the listings that hold it in their name or
 * tags, not every listing that mentions it.
 */
export async function searchAgents(
  db: Kysely<DB>,
  options: SearchOptions,
  viewerId: string | null,
  /** Tests shorten the walk of sorted searches with words, to exercise both of its outcomes. */
  tuning: { probeRows: number } = { probeRows: PROBE_ROWS },
): Promise<SearchResult> {
  const query = options.query?.trim() || undefined;
  const filters = { ...options, query, cursor: undefined, limit: undefined };
  const hash = filterHash(filters);
  const cursor = options.cursor ? decodeSearchCursor(options.cursor, hash) : null;
  const asOf = cursor ? new Date(cursor.asOf) : new Date();
  const compatible = options.compatible ?? true;

  // A scalar subquery, so the stable websearch_to_tsquery runs once per statement (an InitPlan),
  // not once per row a filter or ts_rank visits.
  const tsQuery = query
    ? sql`(select websearch_to_tsquery('english', ${query}) || websearch_to_tsquery('simple', ${query}))`
    : null;
  const namePattern = query ? `%${escapeLike(query)}%` : null;
  // Filters on the snapshot row `l` (either branch); the category filter applies to the page,
  // not to the facet counts.
  const conditions: RawBuilder<unknown>[] = [];
  if (options.tags && options.tags.length > 0)
    conditions.push(sql`l.tags @> ${options.tags}::text[]`);
  if (options.publisher) conditions.push(sql`l.publisher = ${options.publisher}`);
  if (options.ids)
    conditions.push(
      options.ids.length > 0 ? sql`l.agent_id = any(${options.ids}::uuid[])` : sql`false`,
    );
  if (options.verified !== undefined) conditions.push(sql`l.verified = ${options.verified}`);
  if (compatible) conditions.push(sql`l.compatible`);
  if (options.minRating !== undefined)
    conditions.push(
      sql`l.rating_count > 0 and l.rating_sum::float8 / l.rating_count >= ${options.minRating}`,
    );
  // What the words match (the full text, or the display name as a substring); names close to
  // what was typed (misspellings) are added below.
  const textOnly = tsQuery
    ? sql`(l.search @@ ${tsQuery} or l.display_name ilike ${namePattern})`
    : null;
  const categoryCondition = options.category ? sql`l.category = ${options.category}` : null;

  // Agents changed since the snapshot (a new version, an install or uninstall, a review), and
  // for the trending sort the latest refresh, in one statement. The statements below carry the
  // rebuilt branch only when an agent changed (PostgreSQL plans every search afresh, and
  // planning that branch cost more than running it). A first page's snapshot is now, so
  // almost never: it is read at once as if nothing changed, alongside this statement, and
  // read again with the rebuilt branch in the rare case something did in between.
  const trending = options.sort === 'trending';
  // The refresh: on a first page the latest at or before the snapshot; on a later page the
  // first page's, if it is still kept.
  const refresh = !trending
    ? sql`null::timestamptz`
    : cursor
      ? cursor.trendingAt
        ? sql`(select computed_at from trending_refreshes where computed_at = ${new Date(cursor.trendingAt)})`
        : sql`null::timestamptz`
      : sql`(select max(computed_at) from trending_refreshes where computed_at <= ${asOf})`;
  const facts = sql<{ changed: string[]; refresh: Date | null }>`
    select array(select distinct agent_id from (
        select agent_id from install_events where at > ${asOf}
        union all select agent_id from review_events where at > ${asOf}
        union all select agent_id from agent_versions where superseded_at > ${asOf}) c) as changed,
      ${refresh} as refresh
  `
    .execute(db)
    .then((result) => result.rows[0] ?? { changed: [], refresh: null });
  const read = async (changedIds: string[], trendingAt: Date | null): Promise<SearchResult> => {
    const changed = sql`${changedIds}::uuid[]`;
    // The same columns from both branches, as `l`.
    const current = sql`agent_listings l`;
    const rebuilt = sql`(
        select v.agent_id, v.name, v.display_name, v.description, v.category, v.tags, v.published_at,
          a.publisher, p.verified, a.latest_compatible_version is not null as compatible,
          extract(epoch from a.created_at)::float8 as created_epoch,
          extract(epoch from v.published_at)::float8 as published_epoch,
          (a.install_count - coalesce(inst.d, 0))::int as install_count,
          (a.rating_sum - coalesce(rev.s, 0))::int as rating_sum,
          (a.rating_count - coalesce(rev.c, 0))::int as rating_count,
          ((a.rating_sum - coalesce(rev.s, 0)) + ${RATING_PRIOR.mean * RATING_PRIOR.weight})::float8
            / ((a.rating_count - coalesce(rev.c, 0)) + ${RATING_PRIOR.weight}) as rating_score,
          v.search, v.rank_vector, agent_head_vector(v.name, v.display_name, v.tags_text) as head_vector
        from agent_versions v
        join agents a on a.id = v.agent_id
        join publishers p on p.scope = a.publisher
        left join lateral (
          select sum(case kind when 'install' then 1 when 'uninstall' then -1 else 0 end) as d
          from install_events where agent_id = v.agent_id and at > ${asOf}
        ) inst on true
        left join lateral (
          select sum(sum_delta) as s, sum(count_delta) as c
          from review_events where agent_id = v.agent_id and at > ${asOf}
        ) rev on true
        where v.agent_id = any(${changed}) and v.published_at <= ${asOf}
          and (v.superseded_at is null or v.superseded_at > ${asOf})
      ) l`;
    const branches = (extra: RawBuilder<unknown>[]) => {
      const where = sql.join([sql`true`, ...conditions, ...extra], sql` and `);
      if (changedIds.length === 0)
        return [{ source: current, where: sql`l.published_at <= ${asOf} and ${where}` }];
      return [
        {
          source: current,
          where: sql`l.published_at <= ${asOf} and not (l.agent_id = any(${changed})) and ${where}`,
        },
        { source: rebuilt, where },
      ];
    };

    // Names close to what was typed (misspellings): found once per search in `agents`, whose
    // narrow rows make the trigram index's many loose candidates cheap to recheck, with their
    // listing's category and whether the words match it too (for the facets). Every statement
    // that needs them gets the ids, which join the listing's text conditions in one bitmap
    // through its primary key.
    const similar = query
      ? sql<{ agent_id: string; category: string; text_hit: boolean }>`
          with close_names as materialized (select id from agents where name % ${query})
          ${sql.join(
            branches([sql`l.agent_id = any(array(select id from close_names))`]).map(
              ({ source, where }) =>
                sql`select l.agent_id, l.category, ${textOnly} as text_hit from ${source} where ${where}`,
            ),
            sql` union all `,
          )}`
          .execute(db)
          .then((result) => result.rows)
      : Promise.resolve([]);
    const textConditions = async () => {
      if (!tsQuery) return { textMatch: null, headMatch: null, similarNames: sql`'{}'::uuid[]` };
      const similarNames = sql`${(await similar).map((row) => row.agent_id)}::uuid[]`;
      return {
        similarNames,
        textMatch: sql`(l.search @@ ${tsQuery} or l.agent_id = any(${similarNames}) or l.display_name ilike ${namePattern})`,
        headMatch: sql`(l.head_vector @@ ${tsQuery} or l.agent_id = any(${similarNames}) or l.display_name ilike ${namePattern})`,
      };
    };

    const trendingRows = trendingAt
      ? sql`select agent_id, score from trending_scores where computed_at = ${trendingAt}`
      : sql`${trendingScores(asOf, SEARCH_TRENDING_WINDOW)}`;
    const listed = sql`l.agent_id, l.name, l.publisher, l.display_name, l.description, l.category,
      l.tags, l.published_at, l.verified, l.install_count, l.rating_sum, l.rating_count`;
    const keysetOf = (value: RawBuilder<unknown>, type: 'int' | 'float8') =>
      cursor
        ? sql`(${value}, l.agent_id) < (${cursor.value}::${sql.raw(type)}, ${cursor.id}::uuid)`
        : sql`true`;
    /** One page (or a tier's part of one) of rows ordered by `value`, merged from both branches. */
    const pageQuery = (
      value: RawBuilder<unknown>,
      extra: RawBuilder<unknown>[],
      keysetType: 'int' | 'float8',
      limit: number,
      computed = false,
    ) => {
      const [unchanged, rebuiltBranch] = branches(extra);
      const part = (
        { source, where }: { source: RawBuilder<unknown>; where: RawBuilder<unknown> },
        partValue: RawBuilder<unknown>,
      ) =>
        computed
          ? // A ranking expression: computed once per row (the fence keeps the planner from
            // copying it into the cursor condition and the ordering).
            sql`(
          select * from (
            select ${listed}, (${partValue})::float8 as sort_value
            from ${source} where ${where} offset 0
          ) l
          where ${keysetOf(sql`l.sort_value`, 'float8')}
          order by l.sort_value desc, l.agent_id desc
          limit ${limit}
        )`
          : sql`(
          select ${listed}, (${partValue})::float8 as sort_value
          from ${source} ${trending ? sql`left join tr on tr.agent_id = l.agent_id` : sql``}
          where ${where} and ${keysetOf(partValue, keysetType)}
          order by ${partValue} desc, l.agent_id desc
          limit ${limit}
        )`;
      const rebuiltPart = rebuiltBranch ? [part(rebuiltBranch, value)] : [];
      // Trending without text, from a refresh: walk its scores in index order, then the listings
      // it has no score for (0), then the negative ones, instead of scoring every listing.
      const walk = trending && trendingAt && !tsQuery;
      const parts = walk
        ? [...trendingWalk(unchanged!.where, trendingAt, limit), ...rebuiltPart]
        : [part(unchanged!, value), ...rebuiltPart];
      return sql<ListingRow>`
        ${trending ? sql`with tr as ${trendingAt ? sql`` : sql`materialized`} (${trendingRows})` : sql``}
        select s.*, a.latest_version, a.latest_compatible_version, a.deprecated_message,
          a.performance_score, a.created_at
        from (${sql.join(parts, sql` union all `)}) s
        join agents a on a.id = s.agent_id
        order by s.sort_value desc, s.agent_id desc
        limit ${limit}
      `.execute(db);
    };
    const trendingWalk = (where: RawBuilder<unknown>, at: Date, limit: number) => {
      const scored = (sign: RawBuilder<unknown>) => sql`(
          select ${listed}, t.score as sort_value
          from trending_scores t join agent_listings l on l.agent_id = t.agent_id
          where t.computed_at = ${at} and t.score ${sign} 0 and ${where}
            and ${cursor ? sql`(t.score, t.agent_id) < (${cursor.value}::float8, ${cursor.id}::uuid)` : sql`true`}
          order by t.score desc, t.agent_id desc
          limit ${limit}
        )`;
      const parts = [scored(sql`>`), scored(sql`<`)];
      if (!cursor || cursor.value >= 0)
        parts.push(sql`(
          select ${listed}, 0::float8 as sort_value
          from agent_listings l
          where ${where}
            and not exists (select 1 from trending_scores t where t.computed_at = ${at} and t.agent_id = l.agent_id)
            and ${cursor && cursor.value === 0 ? sql`l.agent_id < ${cursor.id}::uuid` : sql`true`}
          order by l.agent_id desc
          limit ${limit}
        )`);
      return parts;
    };

    const pageFilters = categoryCondition ? [categoryCondition] : [];
    /**
     * Words sorted by something else than relevance: a common word matches most listings, and
     * reading every match to sort them costs what reading the table does. Walk the sort key's
     * index instead, testing the words on the first PROBE_ROWS listings in order: if a page of
     * matches is among them (or they were all of them), those are the page. Otherwise (a rarer
     * word), null: read the matches and sort them.
     */
    const probeSortedMatches = async (
      value: RawBuilder<unknown>,
      keysetType: 'int' | 'float8',
      textMatch: RawBuilder<unknown>,
      limit: number,
    ): Promise<ListingRow[] | null> => {
      const [unchanged] = branches(pageFilters);
      // One row at least (the count of listings walked), so a walk with no match still says
      // how far it went.
      const { rows } = await sql<ListingRow & { walked: number }>`
        with walked as (
          select ${listed}, (${value})::float8 as sort_value, ${textMatch} as hit
          from agent_listings l
          where ${unchanged!.where} and ${keysetOf(value, keysetType)}
          order by ${value} desc, l.agent_id desc
          limit ${tuning.probeRows}
        )
        select page.*, w.walked
        from (select count(*)::int as walked from walked) w
        left join lateral (
          select s.*, a.latest_version, a.latest_compatible_version, a.deprecated_message,
            a.performance_score, a.created_at
          from (select * from walked where hit order by sort_value desc, agent_id desc limit ${limit}) s
          join agents a on a.id = s.agent_id
        ) page on true
        order by page.sort_value desc, page.agent_id desc
      `.execute(db);
      const walked = rows[0]?.walked ?? 0;
      const matches = rows.filter((row) => row.agent_id !== null);
      return matches.length >= limit || walked < tuning.probeRows ? matches : null;
    };

    const readPage = async (): Promise<ListingRow[]> => {
      const limit = options.limit + 1;
      const { textMatch, headMatch, similarNames } = await textConditions();
      if (!(options.sort === 'relevance' && tsQuery && textMatch && headMatch)) {
        const { value, keysetType } = sortKey(options.sort);
        if (textMatch && !trending && changedIds.length === 0) {
          const probed = await probeSortedMatches(value, keysetType, textMatch, limit);
          if (probed) return probed;
        }
        const extra = textMatch ? [...pageFilters, textMatch] : pageFilters;
        return (await pageQuery(value, extra, keysetType, limit)).rows;
      }
      const rankMatch = sql`l.rank_vector @@ ${tsQuery}`;
      const tiers = {
        3: {
          where: [headMatch],
          // Name similarity only for the names close to the query (the rest are below the
          // trigram threshold and get none).
          value: sql`3 + (ts_rank_cd(l.rank_vector, ${tsQuery}, 32) + case when l.agent_id = any(${similarNames}) then 0.5 * similarity(l.name, ${query}) else 0 end) / 1.5`,
        },
        2: {
          where: [rankMatch, sql`not ${headMatch}`],
          value: sql`2 + ts_rank_cd(l.rank_vector, ${tsQuery}, 32)`,
        },
        1: {
          where: [sql`l.search @@ ${tsQuery}`, sql`not ${rankMatch}`, sql`not ${headMatch}`],
          value: sql`1 + greatest(l.install_count, 0)::float8 / (greatest(l.install_count, 0) + 1000)`,
        },
      };
      const rows: ListingRow[] = [];
      for (const tier of TIERS) {
        // Tiers above the cursor's are behind it.
        if (cursor && tier > Math.floor(cursor.value)) continue;
        const { where, value } = tiers[tier];
        rows.push(
          ...(
            await pageQuery(value, [...pageFilters, ...where], 'float8', limit - rows.length, true)
          ).rows,
        );
        if (rows.length >= limit) break;
      }
      return rows;
    };

    // Facets: the matches of the words, counted while the similar names are looked up; the
    // similar-named agents the words do not match are added to their categories.
    const countFacets = async () => {
      const parts = branches(textOnly ? [textOnly] : []).map(
        ({ source, where }) => sql`select l.category from ${source} where ${where}`,
      );
      // With words, one count per category in a single pass: the planner cannot know how many
      // rows match (the tsquery is computed in the statement), and a GROUP BY sorted them all
      // first. Without, GROUP BY reads the covering index in category order.
      const union = sql.join(parts, sql` union all `);
      const [counted, similarRows] = await Promise.all([
        textOnly
          ? sql<Record<string, number>>`
              select ${sql.join(
                marketplaceCategories.map(
                  (category, index) =>
                    sql`count(*) filter (where category = ${category})::int as ${sql.ref(`c${index}`)}`,
                ),
              )}
              from (${union}) f
            `
              .execute(db)
              .then(({ rows }) =>
                marketplaceCategories.map((category, index) => ({
                  category,
                  count: rows[0]?.[`c${index}`] ?? 0,
                })),
              )
          : sql<{ category: string; count: number }>`
              select category, count(*)::int as count from (${union}) f group by category
            `
              .execute(db)
              .then(({ rows }) => rows),
        similar,
      ]);
      const counts = new Map(counted.map((row) => [row.category, row.count]));
      for (const row of similarRows)
        if (!row.text_hit) counts.set(row.category, (counts.get(row.category) ?? 0) + 1);
      return [...counts]
        .filter(([, count]) => count > 0)
        .map(([category, count]) => ({ category, count }))
        .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
    };

    const [pageRows, facets] = await Promise.all([readPage(), cursor ? null : countFacets()]);
    const rows = pageRows.slice(0, options.limit);
    const installed = viewerId
      ? await installedVersions(
          db,
          viewerId,
          rows.map((row) => row.agent_id),
        )
      : new Map<string, string>();
    const last = rows.at(-1);
    return {
      items: rows.map((row) => toListing(row, installed.get(row.agent_id) ?? null)),
      nextCursor:
        pageRows.length > options.limit && last
          ? encodeSearchCursor({
              asOf: asOf.toISOString(),
              value: last.sort_value,
              id: last.agent_id,
              filters: hash,
              ...(trendingAt ? { trendingAt: trendingAt.toISOString() } : {}),
            })
          : null,
      facets: facets ? { categories: facets } : null,
      asOf: asOf.toISOString(),
    };
  };

  if (!cursor && !trending) {
    const [result, changed] = await Promise.all([read([], null), facts]);
    return changed.changed.length === 0 ? result : read(changed.changed, null);
  }
  const known = await facts;
  // Trending ranks by the scores of the latest refresh at or before the snapshot (trending.ts);
  // later pages use the same refresh. With none yet, scores are computed for the snapshot.
  if (cursor?.trendingAt && !known.refresh)
    throw new AppError(
      'BAD_REQUEST',
      'The trending scores this list was ranked by have been refreshed since; start again from the first page.',
    );
  return read(known.changed, known.refresh ? new Date(known.refresh) : null);
}

/** The sort value of a sort without text relevance, on the snapshot row `l`. */
function sortKey(sort: SearchSort): { value: RawBuilder<unknown>; keysetType: 'int' | 'float8' } {
  switch (sort) {
    case 'relevance': // without a query there is nothing to be relevant to: most installed first
    case 'installs':
      return { value: sql`l.install_count`, keysetType: 'int' };
    case 'rating':
      return { value: sql`l.rating_score`, keysetType: 'float8' };
    case 'trending':
      return { value: sql`coalesce(tr.score, 0)`, keysetType: 'float8' };
    case 'newest':
      return { value: sql`l.created_epoch`, keysetType: 'float8' };
    case 'updated':
      return { value: sql`l.published_epoch`, keysetType: 'float8' };
  }
}

interface ListingRow {
  agent_id: string;
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
  published_at: Date;
  verified: boolean;
  install_count: number;
  rating_sum: number;
  rating_count: number;
  sort_value: number;
}

function toListing(row: ListingRow, installedVersion: string | null): AgentListing {
  return {
    id: row.agent_id,
    name: row.name,
    publisher: row.publisher,
    displayName: row.display_name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    latestVersion: row.latest_version,
    latestCompatibleVersion: row.latest_compatible_version,
    installs: row.install_count,
    rating: {
      average:
        row.rating_count > 0 ? Math.round((row.rating_sum / row.rating_count) * 100) / 100 : null,
      count: row.rating_count,
    },
    verified: row.verified,
    deprecated: row.deprecated_message,
    performanceScore: row.performance_score,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.published_at.toISOString(),
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
