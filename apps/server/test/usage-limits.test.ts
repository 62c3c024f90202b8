import type { AppRouter } from '@capecontrol/api';
import { createCapeClient } from '@capecontrol/client';
import { TRPCClientError, type TRPCClient } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, trpc, type TestServer } from './helpers';

/**
 * Per-user limits on the expensive things: starting tasks, searching the marketplace, and
 * holding streams open. Each is hit here through the real HTTP server.
 */

let server: TestServer;

beforeAll(async () => {
  // API only: created tasks stay queued, so their streams stay open as long as the test wants.
  server = await startTestServer({
    role: 'api',
    env: { MAX_SUBSCRIPTIONS_PER_USER: '2' },
    apiConfig: {
      rateLimits: {
        taskCreatePerUser: { points: 3, durationSeconds: 60 },
        searchPerCaller: { points: 3, durationSeconds: 60 },
      },
    },
  });
});
afterAll(async () => {
  await server.close();
});

const guideTask = (question: string) => ({ agent: 'cape-ai-guide', input: { question } });

function expectTooManyRequests(response: Awaited<ReturnType<typeof trpc>>): void {
  expect(response.status).toBe(429);
  expect(response.body.error?.data.code).toBe('TOO_MANY_REQUESTS');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.body.error?.data.retryAfterSeconds).toBe(retryAfter);
}

describe('task creation rate limit', () => {
  it('answers 429 with Retry-After once a user has started too many tasks, per user', async () => {
    const { accessToken } = await registerWithBearer(server.url);
    const headers = { authorization: `Bearer ${accessToken}` };
    for (let index = 0; index < 3; index += 1) {
      const created = await trpc(server.url, 'task.create', {
        input: guideTask(`question ${index}`),
        headers,
      });
      expect(created.status).toBe(200);
    }
    expectTooManyRequests(
      await trpc(server.url, 'task.create', { input: guideTask('one too many'), headers }),
    );
    // Every way of starting a task draws on the same budget.
    expectTooManyRequests(
      await trpc(server.url, 'agent.guide.ask', { input: { question: 'and this?' }, headers }),
    );
    const created = await trpc(server.url, 'task.list', { type: 'query', input: {}, headers });
    expect((created.body.result?.data as { items: unknown[] }).items).toHaveLength(3);

    // Another user has a budget of their own.
    const other = await registerWithBearer(server.url);
    const theirs = await trpc(server.url, 'task.create', {
      input: guideTask('mine'),
      headers: { authorization: `Bearer ${other.accessToken}` },
    });
    expect(theirs.status).toBe(200);
  });
});

describe('search rate limit', () => {
  it('answers 429 with Retry-After past the limit, counting anonymous callers by IP', async () => {
    const search = (headers: Record<string, string> = {}) =>
      trpc(server.url, 'marketplace.search', { type: 'query', input: { query: 'agent' }, headers });
    for (let index = 0; index < 3; index += 1) expect((await search()).status).toBe(200);
    expectTooManyRequests(await search());

    // A signed-in user from the same address is counted on their own.
    const { accessToken } = await registerWithBearer(server.url);
    expect((await search({ authorization: `Bearer ${accessToken}` })).status).toBe(200);
  });
});

describe('concurrent subscriptions per user', () => {
  let client: TRPCClient<AppRouter>;
  let taskIds: string[];
  beforeAll(async () => {
    client = createCapeClient({
      url: server.url,
      accessToken: (await registerWithBearer(server.url)).accessToken,
    });
    taskIds = [];
    for (let index = 0; index < 3; index += 1) {
      taskIds.push((await client.task.create.mutate(guideTask(`stream ${index}`))).id);
    }
  });

  /** Opens a stream; resolves once it delivers its first event, rejects on its error. */
  function open(taskId: string, target = client) {
    let subscription!: { unsubscribe(): void };
    const started = new Promise<void>((resolve, reject) => {
      subscription = target.task.stream.subscribe(
        { id: taskId },
        { onData: () => resolve(), onError: reject },
      );
    });
    return { started, close: () => subscription.unsubscribe() };
  }

  it('refuses one stream beyond the limit with a typed error, and frees the slot on close', async () => {
    const first = open(taskIds[0] as string);
    const second = open(taskIds[1] as string);
    await Promise.all([first.started, second.started]);

    const third = open(taskIds[2] as string);
    const error = await third.started.then(
      () => null,
      (caught: unknown) => caught,
    );
    third.close();
    expect(error).toBeInstanceOf(TRPCClientError);
    const clientError = error as TRPCClientError<AppRouter>;
    expect(clientError.data?.code).toBe('TOO_MANY_REQUESTS');
    expect(clientError.message).toMatch(/at most 2/);
    expect(server.app.services.subscriptions.open).toBe(2);

    // Someone else is not affected by this user's streams.
    const stranger = createCapeClient({
      url: server.url,
      accessToken: (await registerWithBearer(server.url)).accessToken,
    });
    const theirTask = await stranger.task.create.mutate(guideTask('their own'));
    const theirs = open(theirTask.id, stranger);
    await theirs.started;
    theirs.close();

    first.close();
    const deadline = Date.now() + 5_000;
    while (server.app.services.subscriptions.open > 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const again = open(taskIds[2] as string);
    await again.started;
    again.close();
    second.close();
  });
});
