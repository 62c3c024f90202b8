import type { AppRouter } from '@capecontrol/api';
import { mulberry32, stepsAgent } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { registerWithBearer, startTestServer, type TestServer } from './helpers';

/**
 * A subscriber that disconnects at random points and reconnects with `lastEventId` must end up
 * with exactly the stored event log: no gap, no duplicate, one terminal event — over SSE and
 * over WebSocket (and, when REDIS_URL is set, with events fanned out through Redis).
 */
let server: TestServer;
let token: string;
let sse: TRPCClient<AppRouter>;
let ws: TRPCClient<AppRouter>;
let wsClient: ReturnType<typeof createWSClient>;

beforeAll(async () => {
  server = await startTestServer({ agents: [stepsAgent] });
  token = (await registerWithBearer(server.url)).accessToken;
  sse = createCapeClient({ url: server.url, accessToken: token });
  wsClient = createWSClient({
    url: `${server.url.replace('http', 'ws')}/trpc`,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
  });
  ws = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
});
afterAll(async () => {
  await wsClient.close();
  await server.close();
});

/** An event as it arrives over the wire. */
type TaskEvent = { id: number; type: string };

/** Follows a task's stream, dropping the connection at random and resuming from the last id. */
function choppyTranscript(
  client: TRPCClient<AppRouter>,
  taskId: string,
  random: () => number,
): Promise<{ events: TaskEvent[]; reconnects: number }> {
  const events: TaskEvent[] = [];
  let reconnects = 0;
  return new Promise((resolve, reject) => {
    const connect = (lastEventId: number | undefined) => {
      let dropped = false;
      const subscription = client.task.stream.subscribe(
        { id: taskId, ...(lastEventId ? { lastEventId } : {}) },
        {
          onData: ({ data }) => {
            if (dropped) return;
            events.push(data);
            if (data.type === 'terminal') {
              subscription.unsubscribe();
              resolve({ events, reconnects });
            } else if (random() < 0.15) {
              dropped = true;
              subscription.unsubscribe();
              reconnects += 1;
              setTimeout(() => connect(data.id), Math.floor(random() * 20));
            }
          },
          onError: reject,
        },
      );
    };
    connect(undefined);
  });
}

async function storedLog(taskId: string): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    const subscription = sse.task.stream.subscribe(
      { id: taskId },
      {
        onData: ({ data }) => {
          events.push(data);
          if (data.type === 'terminal') {
            subscription.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      },
    );
  });
  const rows = await server.database.db
    .selectFrom('task_events')
    .select(['id', 'type'])
    .where('task_id', '=', taskId)
    .orderBy('id')
    .execute();
  expect(events.map((event) => [event.id, event.type])).toEqual(
    rows.map((row) => [row.id, row.type]),
  );
  return events;
}

describe.each([
  ['SSE', () => sse],
  ['WebSocket', () => ws],
])('resuming over %s', (_transport, client) => {
  it('yields exactly the stored log across random disconnects, run after run', async () => {
    let totalReconnects = 0;
    for (let run = 0; run < 6; run += 1) {
      const task = await sse.task.create.mutate({
        agent: 'test-steps',
        input: { steps: 3, tokens: 12, delayMs: 3, label: `resume-${run}` },
      });
      const { events, reconnects } = await choppyTranscript(
        client(),
        task.id,
        mulberry32(1000 + run),
      );
      totalReconnects += reconnects;
      const log = await storedLog(task.id);
      expect(events).toEqual(log);
      expect(events.filter((event) => event.type === 'terminal')).toHaveLength(1);
      expect(events.map((event) => event.id)).toEqual(log.map((_, index) => index + 1));
    }
    expect(totalReconnects).toBeGreaterThan(5);
  });

  it('replays everything to a subscriber that joins after the end', async () => {
    const task = await sse.task.create.mutate({
      agent: 'test-steps',
      input: { steps: 1, tokens: 3 },
    });
    const log = await storedLog(task.id);
    const { events } = await choppyTranscript(client(), task.id, () => 1);
    expect(events).toEqual(log);
  });
});
