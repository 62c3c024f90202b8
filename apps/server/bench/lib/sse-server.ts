/**
 * The server side of the SSE memory benchmark, in a process of its own (run with --expose-gc),
 * so that its heap holds the server's subscriptions and nothing of the clients'. It serves
 * the real app with its worker stopped (tasks stay queued, so every stream stays open and
 * tails the in-process bus), sets up users and tasks, and answers `measure` messages over IPC.
 */
import { defaultApiConfig } from '@capecontrol/api';
import { noopAgent } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';
import { pino } from 'pino';
import { createApp, parseEnv } from '../../src/index';
import { createLogger } from '../../src/logger';

export interface SseServerSetup {
  users: number;
  tasksPerUser: number;
}

export interface SseStreamTarget {
  token: string;
  taskId: string;
}

export interface SseMeasurement {
  label: string;
  heapUsed: number;
  rss: number;
  external: number;
  /** Subscribers of the event bus (one per open task stream). */
  busSubscribers: number;
  /** Subscriptions the per-user tracker holds. */
  trackedSubscriptions: number;
  processListeners: number;
  serverListeners: number;
  serverConnections: number;
  activeResources: number;
}

export type SseServerMessage =
  | { type: 'ready'; url: string; targets: SseStreamTarget[] }
  | ({ type: 'measured' } & SseMeasurement)
  | { type: 'counted'; busSubscribers: number };

const send = (message: SseServerMessage) => process.send?.(message);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const parsed = parseEnv({
  DATABASE_URL: process.env.SSE_DATABASE_URL ?? '',
  LOG_LEVEL: 'info',
  DATABASE_POOL_SIZE: '10',
});
if (!parsed.ok) throw new Error(parsed.message);
const setup = JSON.parse(process.env.SSE_SETUP ?? '{}') as SseServerSetup;
const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
const app = await createApp({
  env: parsed.env,
  logger,
  agents: [noopAgent],
  apiConfig: {
    maxSubscriptionsPerUser: setup.tasksPerUser,
    // All users sign up from one address.
    rateLimits: {
      ...defaultApiConfig.rateLimits,
      registerPerIp: { points: 100_000, durationSeconds: 60 },
    },
  },
});
// No worker: tasks stay queued and their streams stay open.
await app.worker?.stop(0);
const url = await app.listen(0, '127.0.0.1');

const targets: SseStreamTarget[] = [];
for (let user = 0; user < setup.users; user += 1) {
  const session = await createCapeClient({ url }).auth.register.mutate({
    email: `sse-${user}@example.com`,
    password: 'correct horse battery staple',
    displayName: `SSE ${user}`,
    transport: 'bearer',
  });
  if (!('accessToken' in session) || typeof session.accessToken !== 'string') {
    throw new Error('register did not return a bearer token');
  }
  const token = session.accessToken;
  const client = createCapeClient({ url, accessToken: token });
  // In chunks: the client batches concurrent calls, and a batch holds at most 25.
  for (let made = 0; made < setup.tasksPerUser; made += 20) {
    const tasks = await Promise.all(
      Array.from({ length: Math.min(20, setup.tasksPerUser - made) }, () =>
        client.task.create.mutate({ agent: noopAgent.id, input: {} }),
      ),
    );
    for (const task of tasks) targets.push({ token, taskId: task.id });
  }
}

async function measure(label: string): Promise<SseMeasurement> {
  // Several collections with turns of the event loop between them, so finalizers and
  // weak references settle.
  for (let round = 0; round < 4; round += 1) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const memory = process.memoryUsage();
  const count = (emitter: NodeJS.EventEmitter) =>
    emitter.eventNames().reduce((sum, name) => sum + emitter.listenerCount(name), 0);
  const serverConnections = await new Promise<number>((resolve) =>
    app.server.getConnections((_error, connections) => resolve(connections)),
  );
  return {
    label,
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    external: memory.external,
    busSubscribers: app.services.tasks.bus.subscriberCount(),
    trackedSubscriptions: app.services.subscriptions.open,
    processListeners: count(process),
    serverListeners: count(app.server),
    serverConnections,
    activeResources: process.getActiveResourcesInfo().length,
  };
}

process.on('message', (message: { type: string; label?: string }) => {
  if (message.type === 'measure') {
    void measure(message.label ?? '').then((result) => send({ type: 'measured', ...result }));
  } else if (message.type === 'count') {
    send({ type: 'counted', busSubscribers: app.services.tasks.bus.subscriberCount() });
  } else if (message.type === 'stop') {
    void app.close().finally(() => process.exit(0));
  }
});
send({ type: 'ready', url, targets });
