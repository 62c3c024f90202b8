import type { DB } from '@capecontrol/db';
import { sql, type Kysely } from 'kysely';

export interface TaskStats {
  tasks: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  timedOut: number;
  /** Succeeded among finished tasks, 0–1 (null when none finished). */
  successRate: number | null;
  /** Running time of finished tasks, milliseconds. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  tokens: { prompt: number; completion: number };
}

export interface DailyPoint {
  day: string;
  tasks: number;
  installs: number;
}

export interface PlatformAnalytics {
  agents: number;
  versions: number;
  publishers: number;
  installs: number;
  tasks: TaskStats;
  daily: DailyPoint[];
  periodDays: number;
}

export interface AgentAnalytics {
  name: string;
  installs: number;
  activeInstallations: number;
  tasks: TaskStats;
  daily: DailyPoint[];
  ratings: {
    average: number | null;
    count: number;
    distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
  };
  periodDays: number;
}

/** Task outcomes, latency percentiles and tokens over the last `days`, optionally for one agent. */
async function taskStats(
  db: Kysely<DB>,
  since: Date,
  agentName: string | null,
): Promise<TaskStats> {
  const agentFilter = agentName ? sql`and agent = ${agentName}` : sql``;
  const { rows } = await sql<{
    tasks: number;
    succeeded: number;
    failed: number;
    cancelled: number;
    timed_out: number;
    p50: number | null;
    p95: number | null;
    p99: number | null;
    prompt: number;
    completion: number;
  }>`
    select count(*)::int as tasks,
      count(*) filter (where status = 'succeeded')::int as succeeded,
      count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      count(*) filter (where status = 'timed_out')::int as timed_out,
      percentile_cont(0.5) within group (order by extract(epoch from finished_at - started_at) * 1000) filter (where finished_at is not null and started_at is not null) as p50,
      percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at) * 1000) filter (where finished_at is not null and started_at is not null) as p95,
      percentile_cont(0.99) within group (order by extract(epoch from finished_at - started_at) * 1000) filter (where finished_at is not null and started_at is not null) as p99,
      coalesce(sum(prompt_tokens), 0)::int as prompt,
      coalesce(sum(completion_tokens), 0)::int as completion
    from tasks where created_at >= ${since} ${agentFilter}
  `.execute(db);
  const row = rows[0];
  const finished = (row?.succeeded ?? 0) + (row?.failed ?? 0) + (row?.timed_out ?? 0);
  const round = (value: number | null | undefined) =>
    value === null || value === undefined ? null : Math.round(value);
  return {
    tasks: row?.tasks ?? 0,
    succeeded: row?.succeeded ?? 0,
    failed: row?.failed ?? 0,
    cancelled: row?.cancelled ?? 0,
    timedOut: row?.timed_out ?? 0,
    // Cancelled tasks say nothing about the agent's quality; they are left out of the rate.
    successRate: finished > 0 ? (row?.succeeded ?? 0) / finished : null,
    latencyMs: { p50: round(row?.p50), p95: round(row?.p95), p99: round(row?.p99) },
    tokens: { prompt: row?.prompt ?? 0, completion: row?.completion ?? 0 },
  };
}

async function daily(
  db: Kysely<DB>,
  since: Date,
  agent: { id: string; name: string } | null,
): Promise<DailyPoint[]> {
  const { rows } = await sql<{ day: Date; tasks: number; installs: number }>`
    with days as (
      select generate_series(date_trunc('day', ${since}::timestamptz), date_trunc('day', now()), interval '1 day') as day
    )
    select days.day,
      (select count(*)::int from tasks t where t.created_at >= days.day and t.created_at < days.day + interval '1 day'
        ${agent ? sql`and t.agent = ${agent.name}` : sql``}) as tasks,
      (select count(*)::int from install_events e where e.kind = 'install' and e.at >= days.day and e.at < days.day + interval '1 day'
        ${agent ? sql`and e.agent_id = ${agent.id}` : sql``}) as installs
    from days order by days.day
  `.execute(db);
  return rows.map((row) => ({
    day: row.day.toISOString().slice(0, 10),
    tasks: row.tasks,
    installs: row.installs,
  }));
}

export async function platformAnalytics(
  db: Kysely<DB>,
  periodDays: number,
): Promise<PlatformAnalytics> {
  const since = new Date(Date.now() - periodDays * 24 * 3600 * 1000);
  const counts = await sql<{
    agents: number;
    versions: number;
    publishers: number;
    installs: number;
  }>`
    select (select count(*)::int from agents) as agents,
      (select count(*)::int from agent_versions) as versions,
      (select count(*)::int from publishers) as publishers,
      (select coalesce(sum(install_count), 0)::int from agents) as installs
  `.execute(db);
  const row = counts.rows[0];
  return {
    agents: row?.agents ?? 0,
    versions: row?.versions ?? 0,
    publishers: row?.publishers ?? 0,
    installs: row?.installs ?? 0,
    tasks: await taskStats(db, since, null),
    daily: await daily(db, since, null),
    periodDays,
  };
}

export async function agentAnalytics(
  db: Kysely<DB>,
  agent: { id: string; name: string; install_count: number },
  periodDays: number,
): Promise<AgentAnalytics> {
  const since = new Date(Date.now() - periodDays * 24 * 3600 * 1000);
  const [active, ratings] = await Promise.all([
    db
      .selectFrom('installations')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('agent_id', '=', agent.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('reviews')
      .select(['rating', (eb) => eb.fn.countAll<number>().as('count')])
      .where('agent_id', '=', agent.id)
      .groupBy('rating')
      .execute(),
  ]);
  const distribution = {
    '1': 0,
    '2': 0,
    '3': 0,
    '4': 0,
    '5': 0,
  } as AgentAnalytics['ratings']['distribution'];
  let sum = 0;
  let count = 0;
  for (const row of ratings) {
    distribution[String(row.rating) as keyof typeof distribution] = Number(row.count);
    sum += row.rating * Number(row.count);
    count += Number(row.count);
  }
  return {
    name: agent.name,
    installs: agent.install_count,
    activeInstallations: Number(active.count),
    tasks: await taskStats(db, since, agent.name),
    daily: await daily(db, since, agent),
    ratings: {
      average: count > 0 ? Math.round((sum / count) * 100) / 100 : null,
      count,
      distribution,
    },
    periodDays,
  };
}
