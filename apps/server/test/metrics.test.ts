import type { AppRouter } from '@capecontrol/api';
import { noopAgent } from '@capecontrol/api/testing';
import { createCapeClient } from '@capecontrol/client';
import type { TRPCClient } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, type TestServer } from './helpers';

/**
 * `/metrics` is scraped as Prometheus would, before and after real work; the series that
 * operators alert on must move.
 */

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** Sum of the samples of `name` whose labels include every one of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[3] ?? '';
    if (Object.entries(labels).every(([key, value]) => present.includes(`${key}="${value}"`))) {
      total += Number(match[4]);
      found = true;
    }
  }
  return found ? total : Number.NaN;
}

async function scrape(url: string, token: string | null = METRICS_TOKEN) {
  return fetch(`${url}/metrics`, {
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function scrapeText(url: string): Promise<string> {
  const response = await scrape(url);
  expect(response.status).toBe(200);
  return response.text();
}

let server: TestServer;
let client: TRPCClient<AppRouter>;

beforeAll(async () => {
  server = await startTestServer({
    agents: [noopAgent],
    env: { METRICS_TOKEN },
    taskConfig: { reclaimIntervalMs: 100, pollIntervalMs: 50 },
  });
  client = createCapeClient({
    url: server.url,
    accessToken: (await registerWithBearer(server.url)).accessToken,
  });
});
afterAll(async () => {
  await server.close();
});

describe('GET /metrics', () => {
  it('needs the metrics token when one is configured', async () => {
    expect((await scrape(server.url, null)).status).toBe(401);
    expect((await scrape(server.url, 'wrong-token-wrong-token-wrong')).status).toBe(401);
    const response = await scrape(server.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain('# TYPE cape_trpc_procedure_duration_seconds histogram');
    expect(text).toContain('cape_process_resident_memory_bytes');
  });

  it('moves procedure, task, model-token and queue series when a task runs', async () => {
    const before = await scrapeText(server.url);
    const ask = { procedure: 'agent.guide.ask', type: 'mutation', code: 'ok' };
    const answer = await client.agent.guide.ask.mutate({
      question: 'How do I publish an agent to the marketplace?',
    });
    expect(answer.taskId).toEqual(expect.any(String));
    await expect(
      client.task.get.query({ id: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toThrow();
    const after = await scrapeText(server.url);

    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'cape_trpc_procedure_duration_seconds_count', labels) || 0;
    expect(count(after, ask) - count(before, ask)).toBe(1);
    expect(
      count(after, { procedure: 'task.get', code: 'NOT_FOUND' }) -
        count(before, { procedure: 'task.get', code: 'NOT_FOUND' }),
    ).toBe(1);
    const succeeded = (text: string) =>
      sample(text, 'cape_task_outcomes_total', { status: 'succeeded' }) || 0;
    expect(succeeded(after) - succeeded(before)).toBe(1);
    const tokens = (text: string) =>
      sample(text, 'cape_llm_tokens_total', { provider: 'offline' }) || 0;
    expect(tokens(after)).toBeGreaterThan(tokens(before));
    expect(sample(after, 'cape_llm_requests_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sample(after, 'cape_task_queue_depth')).toBe(0);
    expect(sample(after, 'cape_task_queue_oldest_age_seconds')).toBe(0);
  });

  it('counts a lease re-claim when a worker vanishes mid-task', async () => {
    const db = server.database.db;
    const user = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    // A task its worker was running when it died: running, lease long expired.
    await db
      .insertInto('tasks')
      .values({
        user_id: user.id,
        agent: noopAgent.id,
        input: JSON.stringify({}),
        timeout_ms: 60_000,
        status: 'running',
        attempt: 1,
        started_at: new Date(Date.now() - 120_000),
        lease_owner: 'worker-that-died',
        lease_expires_at: new Date(Date.now() - 60_000),
      })
      .execute();
    const reclaimed = (text: string) =>
      sample(text, 'cape_task_lease_reclaims_total', { result: 'queued' }) || 0;
    const start = Date.now();
    let text = await scrapeText(server.url);
    while (reclaimed(text) === 0 && Date.now() - start < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      text = await scrapeText(server.url);
    }
    expect(reclaimed(text)).toBe(1);
  });
});

describe('queue and subscription gauges', () => {
  let api: TestServer;
  let apiClient: TRPCClient<AppRouter>;
  beforeAll(async () => {
    // An API-only process: tasks stay queued, so the queue gauges have something to show.
    api = await startTestServer({ role: 'api', env: { METRICS_TOKEN } });
    apiClient = createCapeClient({
      url: api.url,
      accessToken: (await registerWithBearer(api.url)).accessToken,
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('reports queue depth and age, and open subscriptions, at scrape time', async () => {
    const task = await apiClient.task.create.mutate({
      agent: 'cape-ai-guide',
      input: { question: 'What is CapeControl?' },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    let text = await scrapeText(api.url);
    expect(sample(text, 'cape_task_queue_depth')).toBe(1);
    expect(sample(text, 'cape_task_queue_oldest_age_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'cape_subscriptions_open')).toBe(0);

    let subscription!: { unsubscribe(): void };
    await new Promise<void>((resolve, reject) => {
      subscription = apiClient.task.stream.subscribe(
        { id: task.id },
        { onData: () => resolve(), onError: reject },
      );
    });
    text = await scrapeText(api.url);
    expect(sample(text, 'cape_subscriptions_open')).toBe(1);

    subscription.unsubscribe();
    const start = Date.now();
    while (Date.now() - start < 5_000) {
      text = await scrapeText(api.url);
      if (sample(text, 'cape_subscriptions_open') === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sample(text, 'cape_subscriptions_open')).toBe(0);
  });
});
