import type { DB } from '@capecontrol/db';
import { guideInputSchema, guideOutputSchema, type GuideInput } from '@capecontrol/schema';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOfflineEngine } from '../llm/offline-engine';
import type { GenerateRequest, LlmClient } from '../llm/types';
import { seedBuiltinKnowledge } from '../knowledge/seed';
import { createTestHarness, type TestHarness } from '../../testing/harness';
import { createFakeRunContext } from './fake-run-context';
import { guideAgent } from './guide-agent';

let harness: TestHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  harness = await createTestHarness();
  db = harness.database.db;
  await seedBuiltinKnowledge(db);
});
afterAll(() => harness.close());

async function ask(input: GuideInput, llm: LlmClient = createOfflineEngine()) {
  const ctx = createFakeRunContext({ db, llm });
  const output = guideOutputSchema.parse(await guideAgent.run(ctx, guideInputSchema.parse(input)));
  return { ctx, output };
}

/** A model that answers `text` and records what it was asked. */
function scriptedModel(text: string) {
  const requests: GenerateRequest[] = [];
  const llm: LlmClient = {
    provider: 'openai',
    model: 'scripted',
    async *stream(request) {
      requests.push(request);
      for (const piece of text.match(/\S+\s*/g) ?? []) yield { type: 'delta', text: piece };
      yield { type: 'usage', promptTokens: 120, completionTokens: 12, model: 'scripted' };
    },
  };
  return { llm, requests };
}

const refusingModel: LlmClient = {
  provider: 'openai',
  model: 'must-not-be-called',
  stream() {
    throw new Error('the model must not be called');
  },
};

describe('CapeAI Guide', () => {
  it('retrieves, answers with citations and suggests follow-ups, in three steps', async () => {
    const { ctx, output } = await ask({ question: 'How do I publish an agent?' });
    expect(ctx.steps.map((step) => [step.kind, step.name])).toEqual([
      ['retrieve', 'retrieve'],
      ['llm', 'answer'],
      ['compose', 'suggest'],
    ]);
    expect(output.grounded).toBe(true);
    expect(output.citations[0]?.documentSlug).toBe('publishing-agents');
    expect(output.answer).toMatch(/^Publish with `marketplace\.agents\.publish`/);
    expect(ctx.tokenText()).toBe(output.answer);
    expect(ctx.steps[1]?.usage).toEqual([expect.objectContaining({ model: 'offline' })]);
  });

  it('emits one citation per passage, numbered as the answer cites them', async () => {
    const { ctx, output } = await ask({ question: 'How do I cancel a task?' });
    const citations = ctx.events.flatMap((event) =>
      event.type === 'citation' ? [event.citation] : [],
    );
    expect(citations).toEqual(output.citations);
    expect(citations.map((citation) => citation.index)).toEqual(
      citations.map((_, index) => index + 1),
    );
    const retrieved = (ctx.steps[0]?.output as { passages: { slug: string; heading: string }[] })
      .passages;
    expect(citations.map((c) => [c.documentSlug, c.section])).toEqual(
      retrieved.map((p) => [p.slug, p.heading]),
    );
    expect(citations[0]).toMatchObject({
      title: 'Running tasks',
      section: 'Running tasks › Cancelling a task',
    });
    expect(citations[0]?.snippet).toMatch(/cancel/i);
    for (const marker of output.answer.match(/\[\d+\]/g) ?? []) {
      expect(Number(marker.slice(1, -1))).toBeLessThanOrEqual(citations.length);
    }
    // Citations come before the answer's first token.
    const firstToken = ctx.events.findIndex((event) => event.type === 'token');
    expect(ctx.events.findLastIndex((event) => event.type === 'citation')).toBeLessThan(firstToken);
  });

  it('suggests two to four distinct questions, not the sections it cited, as events', async () => {
    const { ctx, output } = await ask({ question: 'How do I install an agent?' });
    expect(output.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(output.suggestions.length).toBeLessThanOrEqual(4);
    expect(new Set(output.suggestions).size).toBe(output.suggestions.length);
    for (const suggestion of output.suggestions) expect(suggestion).toMatch(/^[A-Z].*\?$/);
    expect(output.suggestions).not.toContain('How do I install an agent?');
    const emitted = ctx.events.flatMap((event) =>
      event.type === 'suggestion' ? [event.text] : [],
    );
    expect(emitted).toEqual(output.suggestions);
  });

  it('resolves a follow-up against the conversation', async () => {
    const history = [
      { role: 'user' as const, content: 'What goes in an agent manifest?' },
      {
        role: 'assistant' as const,
        content: 'The agent manifest is a JSON document: name, version, category [1].',
      },
    ];
    const { output } = await ask({ question: 'How do I publish it?', history });
    expect(output.grounded).toBe(true);
    expect(output.citations[0]?.documentSlug).toBe('publishing-agents');
    // Without the conversation, "it" means nothing to search for.
    const alone = await ask({ question: 'What does it do?' });
    expect(alone.output.grounded).toBe(false);
  });

  it('resolves a question about "here" against the page the user is on', async () => {
    const { output } = await ask({
      question: 'What can I do here?',
      pageContext: { path: '/account', title: 'Account — API keys' },
    });
    expect(output.grounded).toBe(true);
    expect(output.citations[0]?.documentSlug).toBe('accounts-and-security');
    expect(output.answer).toMatch(/API key/);
  });

  it('says plainly when nothing is relevant, without calling the model', async () => {
    const { ctx, output } = await ask(
      { question: 'What is the capital of France?' },
      refusingModel,
    );
    expect(output.grounded).toBe(false);
    expect(output.citations).toEqual([]);
    expect(output.answer).toMatch(
      /^The CapeControl knowledge base has nothing on “What is the capital of France”/,
    );
    expect(output.answer).toMatch(/It covers CapeControl itself: /);
    expect(ctx.steps.map((step) => step.kind)).toEqual(['retrieve', 'compose', 'compose']);
    expect(ctx.tokenText()).toBe(output.answer);
    expect(output.suggestions).toEqual([
      'How do I get started?',
      'How do I run tasks?',
      'How do built-in agents work?',
    ]);
  });

  it('with a model, sends a prompt grounded in the numbered passages and streams its answer', async () => {
    const { llm, requests } = scriptedModel('Publish with `marketplace.agents.publish` [1].');
    const { ctx, output } = await ask({ question: 'How do I publish an agent?' }, llm);
    expect(output.answer).toBe('Publish with `marketplace.agents.publish` [1].');
    expect(ctx.events.filter((event) => event.type === 'token').length).toBeGreaterThan(1);
    const [request] = requests;
    expect(request?.messages[0]?.content).toMatch(/ONLY from the numbered passages/);
    expect(request?.messages.at(-1)?.content).toContain(`[1] ${output.citations[0]?.section}`);
    expect(await request?.offline()).toMatch(/\[1\]/);
    expect(ctx.steps[1]?.usage).toEqual([
      expect.objectContaining({ promptTokens: 120, completionTokens: 12, model: 'scripted' }),
    ]);
  });

  it('falls back to the extractive answer when the model answers nothing', async () => {
    const { output } = await ask({ question: 'How do I cancel a task?' }, scriptedModel('').llm);
    expect(output.answer).toMatch(/task\.cancel/);
    expect(output.grounded).toBe(true);
  });

  it('names the words of the question the documentation lacks, offline and in the fallback', async () => {
    const question = 'How do I publish an agent to Slack?';
    const offline = await ask({ question });
    expect(offline.output.answer).toMatch(/^The documentation does not mention “slack”/);
    const fallback = await ask({ question }, scriptedModel('').llm);
    expect(fallback.output.answer).toBe(offline.output.answer);
    // A model's answer needs no such lookup: the retrieve step stores no list of missing words.
    const { ctx, output } = await ask({ question }, scriptedModel('Publish it [1].').llm);
    expect(output.answer).toBe('Publish it [1].');
    expect(ctx.steps[0]?.output).not.toHaveProperty('unknownWords');
  });

  it('gives the same answer to the same question', async () => {
    const first = await ask({ question: 'What happens when a worker crashes?' });
    const second = await ask({ question: 'What happens when a worker crashes?' });
    expect(second.output).toEqual(first.output);
    expect(first.output.answer).toMatch(/lease/);
  });

  it('reports the size of its knowledge base and its model', async () => {
    const details = await guideAgent.health({ db, llm: createOfflineEngine() });
    expect(details).toMatchObject({ knowledgeReady: true, provider: 'offline', model: 'offline' });
    expect(details.documents).toBeGreaterThanOrEqual(10);
    expect(details.sections).toBeGreaterThan(details.documents as number);
  });
});
