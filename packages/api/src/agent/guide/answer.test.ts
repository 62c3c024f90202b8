import { guideInputSchema } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import type { KnowledgePassage } from '../knowledge/search';
import { buildMessages, extractiveAnswer, notFoundAnswer, SYSTEM_PROMPT } from './answer';
import { resolveQuestion } from './query';

const passage = (heading: string, content: string, score: number): KnowledgePassage => ({
  chunkId: heading,
  documentId: 'doc',
  slug: 'running-tasks',
  title: 'Running tasks',
  heading,
  ordinal: 0,
  content,
  snippet: content.slice(0, 40),
  score,
  coverage: 1,
});

const cancelling = passage(
  'Running tasks › Cancelling a task',
  'Tasks can be stopped. Cancel a task with `task.cancel({ id })`. The task ends `cancelled` and keeps its partial output. Unrelated remark about colours.',
  0.9,
);
const streaming = passage(
  'Running tasks › Streaming task events',
  'Events stream live. A cancelled task still ends its stream with one terminal event.',
  0.8,
);

describe('extractiveAnswer', () => {
  const resolved = resolveQuestion(guideInputSchema.parse({ question: 'How do I cancel a task?' }));

  it('opens with the instruction, cites every sentence and leaves out unrelated ones', () => {
    const answer = extractiveAnswer(resolved, [cancelling, streaming]);
    const [opening, ...rest] = answer.split('\n\n');
    expect(opening).toBe('Cancel a task with `task.cancel({ id })`. [1]');
    expect(rest.join(' ')).toContain('The task ends `cancelled` and keeps its partial output. [1]');
    expect(rest.join(' ')).toContain(
      'A cancelled task still ends its stream with one terminal event. [2]',
    );
    expect(answer).not.toContain('colours');
    for (const sentence of answer.split(/(?<=\]) /)) expect(sentence.trim()).toMatch(/\[\d\]$/);
  });

  it('is deterministic', () => {
    expect(extractiveAnswer(resolved, [cancelling, streaming])).toBe(
      extractiveAnswer(resolved, [cancelling, streaming]),
    );
  });

  it('names question words the knowledge base lacks', () => {
    const answer = extractiveAnswer(resolved, [cancelling], ['slack']);
    expect(answer.startsWith('The documentation does not mention “slack”')).toBe(true);
  });
});

describe('buildMessages', () => {
  it('grounds the model in the numbered passages, after the recent turns', () => {
    const input = guideInputSchema.parse({
      question: 'How do I cancel it?',
      history: [
        { role: 'user', content: 'How do tasks run?' },
        { role: 'assistant', content: 'As tasks [1].' },
      ],
      pageContext: { path: '/tasks', title: 'Tasks' },
    });
    const messages = buildMessages(input, [cancelling, streaming]);
    expect(messages[0]).toEqual({ role: 'system', content: SYSTEM_PROMPT });
    expect(SYSTEM_PROMPT).toMatch(/ONLY from the numbered passages/);
    expect(SYSTEM_PROMPT).toMatch(/say plainly that the documentation does not cover it/);
    expect(messages.slice(1, 3).map((m) => m.role)).toEqual(['user', 'assistant']);
    const last = messages.at(-1)?.content ?? '';
    expect(last).toContain('[1] Running tasks › Cancelling a task\nTasks can be stopped.');
    expect(last).toContain('[2] Running tasks › Streaming task events');
    expect(last).toContain('The user is on the page Tasks — /tasks.');
    expect(last.endsWith('Question: How do I cancel it?')).toBe(true);
  });
});

describe('notFoundAnswer', () => {
  it('says plainly that nothing covers the question and what is covered', () => {
    const answer = notFoundAnswer('What is the capital of France?', [
      'Getting started',
      'The API',
      'Running tasks',
    ]);
    expect(answer).toBe(
      "The CapeControl knowledge base has nothing on “What is the capital of France”, so I can't answer that from it. " +
        'It covers CapeControl itself: getting started, the API and running tasks. ' +
        'Try asking about one of those topics, or ask an administrator to add a document on this one.',
    );
  });
});
