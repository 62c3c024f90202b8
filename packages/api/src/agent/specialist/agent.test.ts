import {
  specialistCapabilitiesSchema,
  specialistOutputSchema,
  specialistPlanSchema,
  type SpecialistPlan,
} from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { isStrictCompatible } from '../llm/chat-protocol';
import { createOfflineEngine } from '../llm/offline-engine';
import { LlmError } from '../llm/types';
import type { AgentEvent } from '../runtime';
import { answerChunks, specialistAgent } from './agent';
import { composeOfflinePlan } from './compose';
import { detectDomain } from './detect';
import { planJsonSchema } from './prompt';
import { createFakeRunContext, OFFLINE_REPLY, scriptedLlm } from './testing/fake-run-context';

const webhookQuestion = 'How should we handle webhook retries from Stripe?';

function validPlanJson(question = webhookQuestion): string {
  return JSON.stringify(composeOfflinePlan(question, detectDomain(question)));
}

/** Event types in order, with runs of the same type collapsed: domain, playbook_step, insight, token. */
function phases(events: AgentEvent[]): string[] {
  return events.map((event) => event.type).filter((type, i, all) => type !== all[i - 1]);
}

describe('specialistAgent.run with the offline engine', () => {
  it('answers a webhook-retry question as integration_helper with a streamed playbook', async () => {
    const run = createFakeRunContext(createOfflineEngine());
    const input = specialistAgent.inputSchema.parse({ question: webhookQuestion });
    const output = await specialistAgent.run(run.ctx, input);

    expect(specialistOutputSchema.safeParse(output).error).toBeUndefined();
    expect(output.detection).toMatchObject({ domain: 'integration_helper', chosen: false });
    expect(output.detection.confidence).toBeGreaterThan(0.6);
    expect(output.playbook.length).toBeGreaterThanOrEqual(4);

    expect(phases(run.events)).toEqual(['domain', 'playbook_step', 'insight', 'token']);
    const steps = run.events.filter((event) => event.type === 'playbook_step');
    expect(steps.map((event) => event.index)).toEqual(output.playbook.map((_, i) => i + 1));
    expect(
      run.events.filter((event) => event.type === 'insight').map((event) => event.text),
    ).toEqual(output.insights);
    const tokens = run.events.flatMap((event) => (event.type === 'token' ? [event.text] : []));
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join('')).toBe(output.answer);

    expect(run.steps.map((step) => [step.kind, step.status])).toEqual([
      ['classify', 'succeeded'],
      ['llm', 'succeeded'],
      ['compose', 'succeeded'],
    ]);
    expect(run.usage).toHaveLength(1);
  });

  it('uses a caller-chosen domain', async () => {
    const run = createFakeRunContext(createOfflineEngine());
    const output = await specialistAgent.run(run.ctx, {
      question: 'Where do we start?',
      domain: 'security_audit',
    });
    expect(output.detection).toEqual({
      domain: 'security_audit',
      confidence: 1,
      runnerUp: null,
      chosen: true,
    });
    expect(run.events[0]).toMatchObject({
      type: 'domain',
      domain: 'security_audit',
      confidence: 1,
    });
  });
});

describe('specialistAgent.run with a model', () => {
  it('asks for the plan schema with the domain, focus area and playbook in the prompt', async () => {
    const llm = scriptedLlm([validPlanJson()]);
    const run = createFakeRunContext(llm);
    await specialistAgent.run(run.ctx, { question: webhookQuestion });

    const request = llm.requests[0];
    expect(request?.responseSchema).toEqual({ name: 'specialist_plan', schema: planJsonSchema });
    const system = request?.messages[0]?.content ?? '';
    expect(system).toContain('Domain: integration_helper');
    expect(system).toContain('Focus area: webhook-hygiene');
    expect(system).toContain('Deduplicate on the event id');
    expect(specialistPlanSchema.safeParse(JSON.parse(await request!.offline())).success).toBe(true);
    // The JSON is never streamed as text: tokens come only from the composed answer.
    expect(phases(run.events)).toEqual(['domain', 'playbook_step', 'insight', 'token']);
  });

  it('sends a plan schema that OpenAI strict mode accepts', () => {
    expect(isStrictCompatible(planJsonSchema)).toBe(true);
    expect(JSON.stringify(planJsonSchema)).not.toMatch(/minLength|maxLength|\$schema/);
  });

  it('repairs an invalid reply once, showing the model what was wrong', async () => {
    const llm = scriptedLlm(['Sure! Here is your plan: step 1…', validPlanJson()]);
    const run = createFakeRunContext(llm);
    const output = await specialistAgent.run(run.ctx, { question: webhookQuestion });

    expect(output.detection.domain).toBe('integration_helper');
    expect(llm.requests).toHaveLength(2);
    const repair = llm.requests[1]?.messages ?? [];
    expect(repair.at(-2)).toMatchObject({
      role: 'assistant',
      content: 'Sure! Here is your plan: step 1…',
    });
    expect(repair.at(-1)?.content).toMatch(/not valid JSON/);
    expect(run.usage).toHaveLength(2);
  });

  it('repairs JSON of the wrong shape, listing the schema errors', async () => {
    const llm = scriptedLlm([
      JSON.stringify({ answer: 'Retry later.', playbook: [] }),
      OFFLINE_REPLY,
    ]);
    const run = createFakeRunContext(llm);
    await specialistAgent.run(run.ctx, { question: webhookQuestion });
    expect(llm.requests[1]?.messages.at(-1)?.content).toMatch(/focusArea/);
  });

  it('fails with a clear error when the repair is invalid too', async () => {
    const llm = scriptedLlm(['{"answer": "no plan"}']);
    const run = createFakeRunContext(llm);
    const failure = specialistAgent.run(run.ctx, { question: webhookQuestion });

    await expect(failure).rejects.toThrow(
      /model's output did not match the specialist plan schema/,
    );
    await expect(failure).rejects.toMatchObject({ code: 'bad_response' });
    await expect(failure).rejects.toBeInstanceOf(LlmError);
    expect(llm.requests).toHaveLength(2);
    expect(run.steps.map((step) => [step.kind, step.status])).toEqual([
      ['classify', 'succeeded'],
      ['llm', 'failed'],
    ]);
    expect(run.events.map((event) => event.type)).toEqual(['domain']);
  });

  it('accepts a fenced reply and keeps the focus area on a known one', async () => {
    const plan = {
      ...(JSON.parse(validPlanJson()) as SpecialistPlan),
      focusArea: 'stripe-webhooks',
    };
    const llm = scriptedLlm(['```json\n' + JSON.stringify(plan) + '\n```']);
    const output = await specialistAgent.run(createFakeRunContext(llm).ctx, {
      question: webhookQuestion,
    });
    expect(llm.requests).toHaveLength(1);
    expect(output.focusArea).toBe('webhook-hygiene');
  });
});

describe('specialistAgent metadata', () => {
  it('reports health with the domain count and the model', async () => {
    const llm = createOfflineEngine();
    const details = await specialistAgent.health({ db: undefined as never, llm });
    expect(details).toMatchObject({
      domains: 4,
      playbooks: 8,
      provider: 'offline',
      model: 'offline',
      offlineSelfTest: true,
    });
  });

  it('lists domains, focus areas and the output schema', () => {
    const capabilities = specialistCapabilitiesSchema.parse(specialistAgent.capabilities());
    expect(capabilities.domains.map((domain) => [domain.domain, domain.focusAreas.length])).toEqual(
      [
        ['workflow_automation', 2],
        ['data_analytics', 2],
        ['security_audit', 2],
        ['integration_helper', 2],
      ],
    );
    expect(capabilities.outputSchema.type).toBe('object');
    expect(capabilities.outputSchema.required).toEqual(
      expect.arrayContaining(['playbook', 'detection']),
    );
  });

  it('chunks the answer on sentences without losing a character', () => {
    const answer = composeOfflinePlan(webhookQuestion, detectDomain(webhookQuestion)).answer;
    const chunks = answerChunks(answer);
    expect(chunks.join('')).toBe(answer);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(600);
  });
});
