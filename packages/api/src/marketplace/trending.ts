import type { DB } from '@capecontrol/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Logger } from 'pino';
import { startBackgroundLoop, type BackgroundLoop } from '../background-loop';

export const trendingWindows = {
  day: 24 * 3600,
  week: 7 * 24 * 3600,
  month: 30 * 24 * 3600,
} as const;
export type TrendingWindow = keyof typeof trendingWindows;

/** Weights of one event of each kind before decay. */
export const TRENDING_WEIGHTS = { install: 3, uninstall: -2, run: 1 } as const;

/**
 * How "trending" is computed — the whole formula, so anyone can check a ranking:
 *
 *   score(agent) = Σ over its events e in the window (asOf − W, asOf]
 *                    weight(e) · exp(−(asOf − time(e)) / τ),   τ = W / 4
 *
 * with weight 3 for an install, −2 for an uninstall and 1 for a run (a task of that agent).
 * Recent activity counts most: an install an hour old is worth ~3, one τ old ~1.1, one at the
 * window's edge ~0.05. The window W is a day, a week or a month (τ = 6 h, 42 h, 7.5 days).
 * Velocity, not totals: an agent with many old installs and no recent ones scores ~0.
 * `marketplace.trending` computes it live; the search's trending sort ranks by the scores stored
 * by the latest refresh (`refreshTrendingScores`, every minute by default) at or before its
 * snapshot, so a search's pages rank by one refresh and stay consistent.
 *
 * Returns a query of (agent_id, score) rows for agents with any activity in the window.
 */
export function trendingScores(
  asOf: Date,
  window: TrendingWindow,
): RawBuilder<{ agent_id: string; score: number }> {
  const seconds = trendingWindows[window];
  const tau = seconds / 4;
  // extract() returns numeric (PostgreSQL 14+), and exp() on numeric costs microseconds per
  // event: a week of events took longer than the rest of a search. Cast to float8 first.
  return sql<{ agent_id: string; score: number }>`
    select agent_id, sum(weight * exp(-extract(epoch from (${asOf}::timestamptz - at))::float8 / ${tau}))::float8 as score
    from (
      select agent_id, at,
        case kind when 'install' then ${TRENDING_WEIGHTS.install} when 'uninstall' then ${TRENDING_WEIGHTS.uninstall} else 0 end as weight
      from install_events
      where at <= ${asOf}::timestamptz and at > ${asOf}::timestamptz - ${seconds} * interval '1 second'
      union all
      select a.id as agent_id, t.created_at as at, ${TRENDING_WEIGHTS.run} as weight
      from tasks t join agents a on a.name = t.agent
      where t.created_at <= ${asOf}::timestamptz and t.created_at > ${asOf}::timestamptz - ${seconds} * interval '1 second'
    ) events
    group by agent_id
  `;
}

/** The window of the search's trending sort (and of the stored refreshes). */
export const SEARCH_TRENDING_WINDOW: TrendingWindow = 'week';

/** Any process may refresh; this advisory lock lets one at a time do it. */
const REFRESH_LOCK = 0x7472656e64; // "trend"

export interface TrendingRefreshOptions {
  /** The refresh's time (default now; milliseconds, so it round-trips through a cursor). */
  now?: Date;
  /** Skip when the latest refresh is younger than this (another process just did it). */
  minIntervalMs?: number;
  /** Refreshes older than this are deleted, except the latest (default one hour). */
  retainMs?: number;
}

/**
 * Stores every agent's non-zero trending score (`trendingScores` for the search's window) as
 * of `now`, and prunes old refreshes: a search cursor ranked by a pruned refresh is refused,
 * so keep them at least as long as people page through one list. Returns false when another
 * process is refreshing or refreshed within `minIntervalMs`.
 */
export async function refreshTrendingScores(
  db: Kysely<DB>,
  options: TrendingRefreshOptions = {},
): Promise<boolean> {
  const now = new Date(Math.floor((options.now ?? new Date()).getTime()));
  const retainMs = options.retainMs ?? 3_600_000;
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as locked`.execute(trx);
    if (!rows[0]?.locked) return false;
    const latest = await trx
      .selectFrom('trending_refreshes')
      .select((eb) => eb.fn.max('computed_at').as('at'))
      .executeTakeFirst();
    const latestAt = latest?.at ? new Date(latest.at).getTime() : null;
    if (latestAt !== null && now.getTime() - latestAt < (options.minIntervalMs ?? 0)) return false;
    if (latestAt !== null && latestAt >= now.getTime()) return false;
    await trx.insertInto('trending_refreshes').values({ computed_at: now }).execute();
    await sql`
      insert into trending_scores (computed_at, agent_id, score)
      select ${now}, agent_id, score from (${trendingScores(now, SEARCH_TRENDING_WINDOW)}) t
      where score <> 0
    `.execute(trx);
    await trx
      .deleteFrom('trending_refreshes')
      .where('computed_at', '<', new Date(now.getTime() - retainMs))
      .execute();
    return true;
  });
}

export type TrendingRefresher = BackgroundLoop;

/**
 * Refreshes the stored trending scores now and every `intervalMs`. Any number of processes may
 * run one: a process finding a refresh younger than half the interval, or one in progress,
 * skips its turn.
 */
export function startTrendingRefresher(options: {
  db: Kysely<DB>;
  logger: Logger;
  intervalMs: number;
}): TrendingRefresher {
  const { db, logger, intervalMs } = options;
  return startBackgroundLoop(
    () =>
      refreshTrendingScores(db, { minIntervalMs: intervalMs / 2 }).then(
        (refreshed) => {
          if (refreshed) logger.debug('refreshed trending scores');
        },
        (error: unknown) => logger.warn({ err: error }, 'refreshing trending scores failed'),
      ),
    { intervalMs, immediately: true },
  );
}
