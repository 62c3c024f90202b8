/** What the chaos scenarios share: a slow fake model, the processes' environment, users, ports. */
import { createServer } from 'node:net';
import { startFakeOpenAi, type FakeOpenAi } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port free right now on 127.0.0.1 (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A fake OpenAI server whose every answer streams `tokens` tokens `delayMs` apart. */
export function slowModel(tokens: number, delayMs: number): Promise<FakeOpenAi> {
  return startFakeOpenAi({
    fallback: {
      kind: 'stream',
      tokens: Array.from({ length: tokens }, (_, index) => ` part${index}`),
      delayMs,
    },
  });
}

/** The environment of every process of a chaos run (all share one database and one Redis). */
export function chaosEnv(options: {
  databaseUrl: string;
  redisUrl: string;
  redisKeyPrefix: string;
  model: FakeOpenAi;
  leaseMs: number;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '6',
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.redisKeyPrefix,
    OPENAI_BASE_URL: options.model.baseURL,
    OPENAI_API_KEY: 'sk-chaos',
    LLM_MAX_RETRIES: '1',
    TASK_LEASE_MS: String(options.leaseMs),
    // Faults are the point: a task may lose several workers and must still finish.
    TASK_MAX_ATTEMPTS: '20',
    WORKER_CONCURRENCY: '8',
    SHUTDOWN_TIMEOUT_MS: '3000',
    LOG_LEVEL: 'info',
  };
}

/** Registers `count` users through the API; returns their bearer access tokens. */
export async function registerUsers(url: string, count: number, label: string): Promise<string[]> {
  const anonymous = createCapeClient({ url });
  const tokens: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const session = await anonymous.auth.register.mutate({
      email: `chaos-${label}-${index}@example.com`,
      password: 'correct horse battery staple',
      displayName: `Chaos ${index}`,
      transport: 'bearer',
    });
    if (!session.accessToken) throw new Error('register answered without a bearer token');
    tokens.push(session.accessToken);
  }
  return tokens;
}
