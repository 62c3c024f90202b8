/**
 * `npm run cluster -- --api 2 --workers 2 [--port 3000] [--source]`: several API processes and
 * several worker processes on one PostgreSQL + Redis, supervised (a process that dies is
 * started again). Any API process serves any client: sessions, task control and subscriptions
 * all go through the shared database and Redis, so a load balancer can send each request to any
 * of them. Ctrl-C (or SIGTERM) drains every process and exits.
 *
 * Needs DATABASE_URL and REDIS_URL: the embedded defaults (PGlite, in-process events) are
 * single-process by nature.
 */
import { parseArgs } from 'node:util';
import {
  defaultEntry,
  startServerProcess,
  type ServerProcess,
  type ServerRole,
} from './lib/processes';

const usage = 'usage: npm run cluster -- [--api N] [--workers N] [--port P] [--source]';

function fail(message: string): never {
  console.error(`cluster: ${message}`);
  process.exit(1);
}

let values: { api?: string; workers?: string; port?: string; source?: boolean; help?: boolean };
try {
  values = parseArgs({
    options: {
      api: { type: 'string', default: '2' },
      workers: { type: 'string', default: '2' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      source: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const count = (name: string, raw: string | undefined, min: number, max: number) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    fail(`--${name} must be a whole number from ${min} to ${max} (got ${String(raw)}).\n${usage}`);
  return value;
};
const apiCount = count('api', values.api, 1, 32);
const workerCount = count('workers', values.workers, 0, 32);
const basePort = count('port', values.port, 1, 65_535 - apiCount);
if (!process.env.DATABASE_URL || !process.env.REDIS_URL)
  fail(
    'set DATABASE_URL and REDIS_URL: several processes share one PostgreSQL and one Redis ' +
      '(the embedded defaults serve a single process).',
  );
const entry = values.source ? 'source' : defaultEntry();
if (entry === 'source' && !values.source)
  console.log('cluster: no build found (apps/server/dist); running from source through tsx');

/** Everything the processes share, passed through from this environment. */
const sharedEnv: Record<string, string> = {};
for (const [key, value] of Object.entries(process.env)) {
  if (value !== undefined && !['PORT', 'npm_config_argv'].includes(key)) sharedEnv[key] = value;
}

interface Slot {
  label: string;
  role: ServerRole;
  port: number;
  process?: ServerProcess;
  restarts: number;
}
const slots: Slot[] = [
  ...Array.from({ length: apiCount }, (_, index) => ({
    label: `api-${index + 1}`,
    role: 'api' as const,
    port: basePort + index,
    restarts: 0,
  })),
  ...Array.from({ length: workerCount }, (_, index) => ({
    label: `worker-${index + 1}`,
    role: 'worker' as const,
    port: 0,
    restarts: 0,
  })),
];
let stopping = false;

async function run(slot: Slot): Promise<void> {
  const started = await startServerProcess({
    role: slot.role,
    env: sharedEnv,
    port: slot.port,
    entry,
    label: slot.label,
    onLine: (line) => console.log(`[${slot.label}] ${line}`),
  });
  slot.process = started;
  void started.exited.then((status) => {
    if (stopping) return;
    slot.restarts += 1;
    console.error(
      `cluster: ${slot.label} (pid ${started.pid}) exited (code ${String(status.code)}, signal ${String(status.signal)}); starting it again`,
    );
    setTimeout(() => void run(slot).catch(report(slot)), 1_000);
  });
}

const report = (slot: Slot) => (error: unknown) => {
  console.error(
    `cluster: ${slot.label} could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  if (!stopping) setTimeout(() => void run(slot).catch(report(slot)), 2_000);
};

async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  console.log(`cluster: ${signal}: draining ${slots.length} processes`);
  await Promise.all(slots.map((slot) => slot.process?.stop() ?? Promise.resolve()));
  console.log('cluster: stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

// The first API process applies the migrations; the others start once it is up.
const [first, ...rest] = slots;
try {
  if (first) await run(first);
  await Promise.all(rest.map((slot) => run(slot)));
} catch (error) {
  console.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown('start-up failure', 1);
}

console.log('\nCapeControl cluster is running:');
for (const slot of slots)
  console.log(
    `  ${slot.label.padEnd(10)} pid ${String(slot.process?.pid).padEnd(8)} ${slot.process?.url ?? ''}`,
  );
console.log(
  `Put a load balancer in front of the API processes (any request may go to any of them); Ctrl-C stops all.`,
);
