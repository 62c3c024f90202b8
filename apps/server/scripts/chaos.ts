/**
 * `npm run chaos -- [--scenario workers|rolling|redis|all] [--tasks 1000] [--kills 60]
 * [--workers 3] [--every 700] [--seed 42] [--stream-tasks 40]`:
 * - workers: SIGKILLs worker processes at random while a batch of multi-step tasks runs, then
 *   checks the stored state (scripts/lib/chaos.ts);
 * - rolling: restarts every process of a 2 API + 2 worker cluster in turn while tasks stream;
 * - redis: stops the shared Redis mid-stream and starts it again (scripts/lib/chaos-streams.ts);
 * - postgres: stops a private PostgreSQL under load and starts it again: not ready and 503s
 *   during the outage, recovery within 10 s, nothing lost (scripts/lib/chaos-postgres.ts).
 * Exits 1 when a task was lost, completed twice, recorded a step twice, has a gap in its event
 * log, or a subscriber's transcript differs from the stored log. Prints each report as JSON.
 *
 * Needs CHAOS_DATABASE_URL (or DATABASE_URL): a PostgreSQL server on which it may create a
 * scratch database (dropped afterwards), and REDIS_URL (default redis://127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runChaos } from './lib/chaos';
import { postgresRestart } from './lib/chaos-postgres';
import { redisOutage, rollingRestart } from './lib/chaos-streams';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '60' },
    workers: { type: 'string', default: '3' },
    every: { type: 'string', default: '700' },
    seed: { type: 'string', default: '42' },
    scenario: { type: 'string', default: 'all' },
    'stream-tasks': { type: 'string', default: '40' },
  },
});
const number = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`chaos: --${name} must be a positive whole number`);
    process.exit(1);
  }
  return value;
};

const serverUrl =
  process.env.CHAOS_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const name = `cape_chaos_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const databaseUrl = new URL(serverUrl);
databaseUrl.pathname = `/${name}`;
const scenarios =
  values.scenario === 'all' ? ['workers', 'rolling', 'redis', 'postgres'] : [values.scenario];
let failed = false;
try {
  for (const scenario of scenarios) {
    const common = {
      databaseUrl: databaseUrl.toString(),
      redisUrl,
      redisKeyPrefix: `${name}-${scenario}`,
      log: (line: string) => console.log(`chaos ${scenario}: ${line}`),
    };
    if (scenario === 'workers') {
      const report = await runChaos({
        ...common,
        tasks: number('tasks'),
        kills: number('kills'),
        workers: number('workers'),
        killEveryMs: number('every'),
        seed: number('seed'),
      });
      console.log(JSON.stringify(report, null, 2));
      const bad =
        report.lost + report.doubleCompleted + report.duplicateSteps + report.eventLogGaps > 0;
      failed ||= bad;
      console.log(
        bad
          ? 'chaos workers: FAILED (lost, double-completed, duplicated steps or gaps above)'
          : `chaos workers: ok: ${report.tasks} tasks, ${report.kills} kills, ${report.reclaims} leases re-claimed, nothing lost or done twice`,
      );
    } else if (scenario === 'rolling' || scenario === 'redis') {
      const run = scenario === 'rolling' ? rollingRestart : redisOutage;
      const report = await run({ ...common, tasks: number('stream-tasks') });
      console.log(JSON.stringify(report, null, 2));
      const bad = report.lost + report.mismatchedTranscripts > 0;
      failed ||= bad;
      console.log(
        bad
          ? `chaos ${scenario}: FAILED (lost tasks or transcripts differing from the stored log)`
          : `chaos ${scenario}: ok: ${report.tasks} streams, ${report.reconnects} reconnects, every transcript equals the stored log`,
      );
    } else if (scenario === 'postgres') {
      const report = await postgresRestart({ ...common, tasks: number('stream-tasks') });
      console.log(JSON.stringify(report, null, 2));
      const bad =
        report.lost > 0 ||
        report.readyzDuringOutage.includes(200) ||
        report.requestDuringOutage.status !== 503 ||
        report.requestDuringOutage.ms > 1_000 ||
        report.recoveryMs > 10_000 ||
        report.newTaskMs > 10_000;
      failed ||= bad;
      console.log(
        bad
          ? 'chaos postgres: FAILED (see the report: readiness, fail-fast 503, recovery within 10 s, no task lost)'
          : `chaos postgres: ok: not ready and 503 in ${report.requestDuringOutage.ms} ms during the outage; recovered in ${report.recoveryMs} ms; a new task done ${report.newTaskMs} ms after Postgres returned; nothing lost`,
      );
    } else {
      console.error(
        `chaos: unknown --scenario ${scenario} (workers, rolling, redis, postgres or all)`,
      );
      failed = true;
    }
  }
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
