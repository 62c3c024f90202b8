/**
 * End-to-end load: many users, each in a loop creating a no-op task (`task.create`) and
 * streaming it to its terminal event (`task.stream` over SSE), through the real server with its
 * worker, for a fixed time. Reports tasks/s, errors, create → terminal latency and the delivery
 * lag of streamed events (receipt − the event's stored `at`). Method: BENCHMARKS.md.
 */
import { defaultApiConfig } from '@capecontrol/api';
import { noopAgent } from '@capecontrol/api/testing';
import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { pino } from 'pino';
import { createApp, parseEnv, type App } from '../src/index';
import { createLogger } from '../src/logger';
import type { ScratchServer } from './lib/scratch';
import { summarizeLatency, type LatencySummary } from './lib/stats';

export interface E2eLoadOptions {
  users: number;
  seconds: number;
  /** Pause between one task's end and the user's next create (a person, not a script). */
  thinkMs: number;
  poolSize: number;
}

export interface E2eLoadResult {
  options: E2eLoadOptions;
  tasks: number;
  tasksPerSecond: number;
  errors: number;
  errorSamples: string[];
  /** task.create call start → terminal event received. */
  endToEnd: LatencySummary;
  /** task.create round trip. */
  create: LatencySummary;
  /** Streamed event received − its stored `at` (same machine clock). */
  deliveryLag: LatencySummary;
}

export async function benchE2eLoad(
  scratch: ScratchServer,
  options: E2eLoadOptions,
  log: (line: string) => void,
): Promise<E2eLoadResult> {
  const database = await scratch.create('e2e');
  const parsed = parseEnv({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(options.poolSize),
    LOG_LEVEL: 'info',
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  let app: App | undefined;
  try {
    app = await createApp({
      env: parsed.env,
      logger,
      agents: [noopAgent],
      // Only sign-up is loosened (all users come from one address); task-creation limits stay.
      apiConfig: {
        rateLimits: {
          ...defaultApiConfig.rateLimits,
          registerPerIp: { points: 100_000, durationSeconds: 60 },
        },
      },
    });
    const url = await app.listen(0, '127.0.0.1');
    const clients: CapeClient[] = [];
    for (let user = 0; user < options.users; user += 1) {
      const session = await createCapeClient({ url }).auth.register.mutate({
        email: `e2e-${user}@example.com`,
        password: 'correct horse battery staple',
        displayName: `E2E ${user}`,
        transport: 'bearer',
      });
      if (!('accessToken' in session) || typeof session.accessToken !== 'string') {
        throw new Error('register did not return a bearer token');
      }
      clients.push(createCapeClient({ url, accessToken: session.accessToken }));
    }
    log(`  ${options.users} users registered; running ${options.seconds} s`);

    const endToEnd: number[] = [];
    const create: number[] = [];
    const deliveryLag: number[] = [];
    const errorSamples: string[] = [];
    let errors = 0;
    const deadline = performance.now() + options.seconds * 1000;
    const started = performance.now();

    const oneTask = async (client: CapeClient) => {
      const begin = performance.now();
      const task = await client.task.create.mutate({ agent: noopAgent.id, input: {} });
      create.push(performance.now() - begin);
      await new Promise<void>((resolve, reject) => {
        const subscription = client.task.stream.subscribe(
          { id: task.id },
          {
            onData({ data: event }) {
              deliveryLag.push(Date.now() - Date.parse(event.at));
              if (event.type === 'terminal') {
                endToEnd.push(performance.now() - begin);
                subscription.unsubscribe();
                resolve();
              }
            },
            onError(error) {
              subscription.unsubscribe();
              reject(error);
            },
          },
        );
      });
    };
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          try {
            await oneTask(client);
          } catch (error) {
            errors += 1;
            if (errorSamples.length < 5) errorSamples.push(String(error));
          }
          await new Promise((resolve) => setTimeout(resolve, options.thinkMs));
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return {
      options,
      tasks: endToEnd.length,
      tasksPerSecond: endToEnd.length / elapsed,
      errors,
      errorSamples,
      endToEnd: summarizeLatency(endToEnd),
      create: summarizeLatency(create),
      deliveryLag: summarizeLatency(deliveryLag),
    };
  } finally {
    await app?.close();
    logger.flush();
    await scratch.drop(database.name);
  }
}
