import { createCapeClient, type CapeClient } from '@capecontrol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWithBearer, startTestServer, type TestServer } from './helpers';

let server: TestServer;
let client: CapeClient;

beforeAll(async () => {
  server = await startTestServer();
  client = createCapeClient({
    url: server.url,
    accessToken: (await registerWithBearer(server.url)).accessToken,
  });
});
afterAll(async () => {
  await server.close();
});

describe('built-in agents over HTTP', () => {
  it('lists the Guide and the Domain Specialist', async () => {
    const agents = await client.agent.list.query();
    expect(agents.map((agent) => agent.id)).toEqual(
      expect.arrayContaining(['cape-ai-guide', 'cape-ai-domain-specialist']),
    );
  });

  it('the Guide answers from the shipped knowledge base with citations and suggestions, as a listed task', async () => {
    const answer = await client.agent.guide.ask.mutate({
      question: 'How do I publish an agent to the marketplace?',
    });
    expect(answer.grounded).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.some((citation) => citation.documentSlug === 'publishing-agents')).toBe(
      true,
    );
    expect(answer.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(answer.suggestions.length).toBeLessThanOrEqual(4);
    expect(answer.answer).toMatch(/\[1\]/);
    const tasks = await client.task.list.query({ agent: 'cape-ai-guide' });
    expect(tasks.items.map((task) => task.id)).toContain(answer.taskId);
  });

  it('the Guide says plainly when the knowledge base has nothing on the question', async () => {
    const answer = await client.agent.guide.ask.mutate({
      question: 'What is the capital of France?',
    });
    expect(answer.grounded).toBe(false);
    expect(answer.citations).toEqual([]);
  });

  it('the Domain Specialist detects integration_helper for webhook retries, with a playbook', async () => {
    const answer = await client.agent.domainSpecialist.ask.mutate({
      question: 'How should we handle webhook retries from Stripe?',
    });
    expect(answer.detection.domain).toBe('integration_helper');
    expect(answer.detection.confidence).toBeGreaterThan(0.5);
    expect(answer.playbook.length).toBeGreaterThanOrEqual(3);
    for (const step of answer.playbook)
      expect(step).toEqual({
        title: expect.any(String),
        purpose: expect.any(String),
        check: expect.any(String),
      });
    expect(answer.insights.length).toBeGreaterThan(0);
  });

  it('streams a Guide answer token by token and ends with one terminal event', async () => {
    const taskId = crypto.randomUUID();
    const types: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const subscription = client.agent.guide.stream.subscribe(
        { taskId, input: { question: 'How do I cancel a running task?' } },
        {
          onData: ({ data }) => {
            types.push(data.type);
            if (data.type === 'terminal') {
              subscription.unsubscribe();
              resolve();
            }
          },
          onError: reject,
        },
      );
    });
    expect(types.filter((type) => type === 'token').length).toBeGreaterThan(3);
    expect(types.filter((type) => type === 'terminal')).toHaveLength(1);
    expect(types).toContain('citation');
    expect(types).toContain('suggestion');
    expect((await client.task.get.query({ id: taskId })).status).toBe('succeeded');
  });

  it('reports health and capabilities', async () => {
    expect(await client.agent.guide.health.query()).toMatchObject({
      agent: 'cape-ai-guide',
      status: 'ok',
      llm: { provider: 'offline' },
    });
    const capabilities = await client.agent.domainSpecialist.capabilities.query();
    expect(capabilities.domains.map((domain) => domain.domain).sort()).toEqual([
      'data_analytics',
      'integration_helper',
      'security_audit',
      'workflow_automation',
    ]);
    expect(capabilities.outputSchema).toHaveProperty('properties');
  });
});
