import { createCapeClient, isCapeError, type CapeClient } from '@capecontrol/client';
import { stepsAgent } from '@capecontrol/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, type TestServer } from './helpers';

let server: TestServer;
let owner: CapeClient;
let stranger: CapeClient;
let taskId: string;

beforeAll(async () => {
  server = await startTestServer({ agents: [stepsAgent] });
  owner = createCapeClient({
    url: server.url,
    accessToken: (await registerWithBearer(server.url)).accessToken,
  });
  stranger = createCapeClient({
    url: server.url,
    accessToken: (await registerWithBearer(server.url)).accessToken,
  });
  const task = await owner.task.create.mutate({
    agent: 'test-steps',
    input: { steps: 1, tokens: 2 },
  });
  taskId = task.id;
  await waitForEnd(owner, taskId);
});
afterAll(async () => {
  await server.close();
});

function waitForEnd(client: CapeClient, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscription = client.task.stream.subscribe(
      { id },
      {
        onData: ({ data }) => {
          if (data.type === 'terminal') {
            subscription.unsubscribe();
            resolve();
          }
        },
        onError: reject,
      },
    );
  });
}

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(isCapeError(error, 'NOT_FOUND'), String(error)).toBe(true);
}

describe("another user's task", () => {
  it('cannot be read', async () => {
    await expect(owner.task.get.query({ id: taskId })).resolves.toMatchObject({
      id: taskId,
      status: 'succeeded',
    });
    await expectNotFound(stranger.task.get.query({ id: taskId }));
  });

  it('is not listed', async () => {
    expect((await owner.task.list.query({ limit: 50 })).items.map((task) => task.id)).toContain(
      taskId,
    );
    expect((await stranger.task.list.query({ limit: 50 })).items).toEqual([]);
  });

  it.each([
    ['from the start', undefined],
    ['from a resume point', '1'],
  ])('cannot be streamed %s', async (_label, lastEventId) => {
    const error = await new Promise<unknown>((resolve) => {
      const subscription = stranger.task.stream.subscribe(
        { id: taskId, ...(lastEventId ? { lastEventId } : {}) },
        {
          onData: () => resolve(new Error('received an event')),
          onError: (caught) => {
            subscription.unsubscribe();
            resolve(caught);
          },
        },
      );
    });
    expect(isCapeError(error, 'NOT_FOUND'), String(error)).toBe(true);
  });

  it('cannot be cancelled', async () => {
    await expectNotFound(stranger.task.cancel.mutate({ id: taskId }));
  });

  it('cannot be retried', async () => {
    await expectNotFound(stranger.task.retry.mutate({ id: taskId }));
    expect((await owner.task.list.query({ limit: 50 })).items).toHaveLength(1);
  });

  it('cannot be taken over by creating a task with its id', async () => {
    const error = await stranger.task.create
      .mutate({ id: taskId, agent: 'test-steps', input: { steps: 1, tokens: 2 } })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(isCapeError(error, 'CONFLICT')).toBe(true);
  });
});
