import { noopAgent } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, uniqueEmail, type TestServer } from './helpers';

// GET queries and subscriptions take the direct Node path (src/http/trpc-direct.ts); a GET
// with a non-JSON content type takes tRPC's fetch adapter instead, which reads it the same way.
// Both must answer alike, byte for byte.
const VIA_FETCH_ADAPTER = { 'content-type': 'text/plain' };

let server: TestServer;
let token: string;
let taskId: string;
beforeAll(async () => {
  server = await startTestServer({ agents: [noopAgent] });
  const session = await createCapeClient({ url: server.url }).auth.register.mutate({
    email: uniqueEmail('direct'),
    password: PASSWORD,
    displayName: 'Direct',
    transport: 'bearer',
  });
  token = (session as { accessToken: string }).accessToken;
  const client = createCapeClient({ url: server.url, accessToken: token });
  const task = await client.task.create.mutate({ agent: noopAgent.id, input: {} });
  taskId = task.id;
  // Wait for the task to finish, so its stream is the same whenever it is read.
  await new Promise<void>((resolve, reject) => {
    const subscription = client.task.stream.subscribe(
      { id: taskId },
      {
        onData({ data }) {
          if (data.type === 'terminal') {
            subscription.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      },
    );
  });
});
afterAll(async () => {
  await server.close();
});

async function both(path: string, headers: Record<string, string> = {}) {
  const read = async (extra: Record<string, string>) => {
    const response = await fetch(`${server.url}/trpc/${path}`, {
      headers: { ...headers, ...extra },
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      vary: response.headers.get('vary'),
      cacheControl: response.headers.get('cache-control'),
      retryAfter: response.headers.get('retry-after'),
      body: await response.text(),
    };
  };
  return { direct: await read({}), adapter: await read(VIA_FETCH_ADAPTER) };
}

describe('direct GET path', () => {
  const input = (value: unknown) => `input=${encodeURIComponent(JSON.stringify(value))}`;
  it.each([
    ['a query that succeeds', 'auth.me', true],
    ['a query without credentials', 'auth.me', false],
    ['a query with input that fails validation', `task.get?${input({ id: 'nope' })}`, true],
    ['a query with input that is not JSON', 'task.get?input=%7Bnope', true],
    [
      'a query of a task that is not there',
      `task.get?${input({ id: '00000000-0000-4000-8000-000000000000' })}`,
      true,
    ],
  ])('answers %s exactly as the fetch adapter does', async (_name, path, signedIn) => {
    const { direct, adapter } = await both(
      path,
      signedIn ? { authorization: `Bearer ${token}` } : {},
    );
    expect(direct).toEqual(adapter);
  });

  it('streams a subscription in the same SSE frames as the fetch adapter', async () => {
    const { direct, adapter } = await both(`task.stream?${input({ id: taskId })}`, {
      authorization: `Bearer ${token}`,
      accept: 'text/event-stream',
    });
    expect(direct.contentType).toBe('text/event-stream');
    expect(direct.body).toContain('event: connected');
    expect(direct.body).toContain('event: return');
    expect(direct).toEqual(adapter);
  });

  it('reports a refused subscription as a serialized-error event, as the fetch adapter does', async () => {
    const { direct, adapter } = await both(`task.stream?${input({ id: taskId })}`, {
      accept: 'text/event-stream',
    });
    expect(direct.body).toContain('event: serialized-error');
    expect(direct).toEqual(adapter);
  });
});
