/**
 * SSE memory: thousands of concurrent `task.stream` subscriptions over HTTP to one server
 * process, then many connect/disconnect cycles. The server runs in a child process with
 * --expose-gc (bench/lib/sse-server.ts) and reports its heap, RSS and listener counts after
 * forced collections; the clients are raw HTTP requests in this process. Method: BENCHMARKS.md.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { request, type ClientRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nextMessage as nextChildMessage } from './lib/child-messages';
import type { SseMeasurement, SseServerMessage, SseStreamTarget } from './lib/sse-server';
import type { ScratchServer } from './lib/scratch';

export interface SseMemoryOptions {
  users: number;
  tasksPerUser: number;
  cycles: number;
  /** Subscriptions opened and closed per cycle. */
  cycleSize: number;
  /** How many subscriptions are opening at once. */
  openConcurrency: number;
}

export interface SseMemoryResult {
  options: SseMemoryOptions;
  subscriptions: number;
  openSeconds: number;
  measurements: SseMeasurement[];
  /** (open − baseline) ÷ subscriptions, bytes. */
  heapPerSubscription: number;
  rssPerSubscription: number;
  /** After every cycle closed, minus the baseline, bytes. */
  heapAfterCycles: number;
  rssAfterCycles: number;
  /** Heap after the last cycle minus after half of them: growth that repeats with use. */
  heapGrowthSecondHalf: number;
  /** Listener and resource counts after the cycles minus the baseline's (0 = nothing leaked). */
  leaked: Record<
    | 'busSubscribers'
    | 'trackedSubscriptions'
    | 'processListeners'
    | 'serverListeners'
    | 'serverConnections'
    | 'activeResources',
    number
  >;
  errors: number;
}

const here = dirname(fileURLToPath(import.meta.url));

const nextMessage = <TType extends SseServerMessage['type']>(child: ChildProcess, type: TType) =>
  nextChildMessage<SseServerMessage, TType>(child, type, 'SSE server');

/** Opens one SSE stream; resolves once its first bytes (tRPC's `connected` event) arrived. */
function openStream(url: string, target: SseStreamTarget): Promise<ClientRequest> {
  const input = encodeURIComponent(JSON.stringify({ id: target.taskId }));
  return new Promise((resolve, reject) => {
    const req = request(`${url}/trpc/task.stream?input=${input}`, {
      agent: false,
      headers: { authorization: `Bearer ${target.token}`, accept: 'text/event-stream' },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`task.stream answered ${String(res.statusCode)}`));
        req.destroy();
        return;
      }
      res.once('data', () => resolve(req));
      res.on('error', () => undefined);
    });
    req.end();
  });
}

async function openAll(
  url: string,
  targets: SseStreamTarget[],
  concurrency: number,
): Promise<{ open: ClientRequest[]; errors: number }> {
  const open: ClientRequest[] = [];
  let errors = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < targets.length) {
        const target = targets[next]!;
        next += 1;
        try {
          open.push(await openStream(url, target));
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { open, errors };
}

export async function benchSseMemory(
  scratch: ScratchServer,
  options: SseMemoryOptions,
  log: (line: string) => void,
): Promise<SseMemoryResult> {
  const database = await scratch.create('sse');
  const child = fork(join(here, 'lib', 'sse-server.ts'), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: {
      ...process.env,
      SSE_DATABASE_URL: database.url,
      SSE_SETUP: JSON.stringify({ users: options.users, tasksPerUser: options.tasksPerUser }),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const measurements: SseMeasurement[] = [];
  const measure = async (label: string) => {
    const reply = nextMessage(child, 'measured');
    child.send({ type: 'measure', label });
    const { type: _type, ...measurement } = await reply;
    measurements.push(measurement);
    log(
      `  ${label}: heap ${(measurement.heapUsed / 2 ** 20).toFixed(1)} MiB, rss ${(measurement.rss / 2 ** 20).toFixed(1)} MiB, bus subscribers ${measurement.busSubscribers}, process listeners ${measurement.processListeners}, connections ${measurement.serverConnections}`,
    );
    return measurement;
  };
  /** Closes the streams, then waits (up to 30 s) until the server has unwound every one. */
  const closeAll = async (open: ClientRequest[]) => {
    for (const req of open) req.destroy();
    for (const started = Date.now(); Date.now() - started < 30_000;) {
      const reply = nextMessage(child, 'counted');
      child.send({ type: 'count' });
      if ((await reply).busSubscribers === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    const { url, targets } = await nextMessage(child, 'ready');
    log(`  server ready: ${targets.length} queued tasks of ${options.users} users`);
    let errors = 0;
    // Warm-up: load every code path once, then settle.
    const warm = await openAll(url, targets.slice(0, 100), options.openConcurrency);
    errors += warm.errors;
    await closeAll(warm.open);
    const baseline = await measure('baseline (after a 100-stream warm-up)');

    const started = performance.now();
    const all = await openAll(url, targets, options.openConcurrency);
    const openSeconds = (performance.now() - started) / 1000;
    errors += all.errors;
    const open = await measure(`${all.open.length} streams open`);
    await closeAll(all.open);
    await measure('all closed');

    let halfway: SseMeasurement | undefined;
    for (let cycle = 0; cycle < options.cycles; cycle += 1) {
      if (cycle === Math.floor(options.cycles / 2)) {
        halfway = await measure(`after ${cycle} cycles of ${options.cycleSize}`);
      }
      const offset = (cycle * options.cycleSize) % targets.length;
      const batch = await openAll(
        url,
        targets.slice(offset, offset + options.cycleSize),
        options.openConcurrency,
      );
      errors += batch.errors;
      await closeAll(batch.open);
    }
    const after = await measure(`after ${options.cycles} cycles of ${options.cycleSize}`);
    const subscriptions = all.open.length;
    const keys = [
      'busSubscribers',
      'trackedSubscriptions',
      'processListeners',
      'serverListeners',
      'serverConnections',
      'activeResources',
    ] as const;
    return {
      options,
      subscriptions,
      openSeconds,
      measurements,
      heapPerSubscription: (open.heapUsed - baseline.heapUsed) / subscriptions,
      rssPerSubscription: (open.rss - baseline.rss) / subscriptions,
      heapAfterCycles: after.heapUsed - baseline.heapUsed,
      heapGrowthSecondHalf: after.heapUsed - (halfway ?? after).heapUsed,
      rssAfterCycles: after.rss - baseline.rss,
      leaked: Object.fromEntries(
        keys.map((key) => [key, after[key] - baseline[key]]),
      ) as SseMemoryResult['leaked'],
      errors,
    };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send({ type: 'stop' });
    else if (child.exitCode === null) child.kill();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    await scratch.drop(database.name);
  }
}
