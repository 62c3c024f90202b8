import { sql, type RawBuilder } from 'kysely';

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
 * `asOf` is the search snapshot time, so paging through a trending list stays consistent.
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
