/**
 * `npm run chaos -- [--tasks 1000] [--kills 60] [--workers 3] [--every 700] [--seed 42]`:
 * SIGKILLs worker processes at random while a batch of multi-step tasks runs, then checks the
 * stored state (see scripts/lib/chaos.ts). Exits 1 when a task was lost, completed twice,
 * recorded a step twice or has a gap in its event log. Prints the report as JSON at the end.
 *
 * Needs CHAOS_DATABASE_URL (or DATABASE_URL): a PostgreSQL server on which it may create a
 * scratch database (dropped afterwards), and REDIS_URL (default redis://127.0.0.1:6379).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runChaos } from './lib/chaos';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '1000' },
    kills: { type: 'string', default: '60' },
    workers: { type: 'string', default: '3' },
    every: { type: 'string', default: '700' },
    seed: { type: 'string', default: '42' },
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
let failed: boolean;
try {
  const report = await runChaos({
    databaseUrl: databaseUrl.toString(),
    redisUrl,
    redisKeyPrefix: name,
    tasks: number('tasks'),
    kills: number('kills'),
    workers: number('workers'),
    killEveryMs: number('every'),
    seed: number('seed'),
    log: (line) => console.log(`chaos: ${line}`),
  });
  console.log(JSON.stringify(report, null, 2));
  failed = report.lost + report.doubleCompleted + report.duplicateSteps + report.eventLogGaps > 0;
  console.log(
    failed
      ? 'chaos: FAILED (lost, double-completed, duplicated steps or gaps above)'
      : `chaos: ok: ${report.tasks} tasks, ${report.kills} kills, ${report.reclaims} leases re-claimed, nothing lost or done twice`,
  );
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exit(failed ? 1 : 0);
