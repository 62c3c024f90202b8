import { guideInputSchema, type GuideInput } from '@capecontrol/schema';
import { describe, expect, it } from 'vitest';
import { resolveQuestion } from './query';

const resolve = (input: GuideInput) => resolveQuestion(guideInputSchema.parse(input));

describe('resolveQuestion', () => {
  it('searches a question that stands alone by its own words', () => {
    expect(
      resolve({
        question: 'How do I cancel a running task from the web app?',
        history: [{ role: 'user', content: 'What is an agent manifest?' }],
      }),
    ).toEqual({
      query: 'cancel running task web app',
      context: '',
      followUp: false,
      asksHow: true,
    });
  });

  it('borrows the subject of the last turns for a follow-up that refers back', () => {
    const resolved = resolve({
      question: 'how do I publish it?',
      history: [
        { role: 'user', content: 'What goes in an agent manifest?' },
        { role: 'assistant', content: 'The manifest is JSON. The manifest names the agent [1].' },
      ],
    });
    expect(resolved.query).toBe('publish');
    expect(resolved.followUp).toBe(true);
    expect(resolved.context.split(' ')).toEqual(expect.arrayContaining(['agent', 'manifest']));
  });

  it('treats continuations and very short questions as follow-ups', () => {
    const history = [{ role: 'user' as const, content: 'How do I install an agent?' }];
    expect(resolve({ question: 'and what about updates?', history }).followUp).toBe(true);
    expect(resolve({ question: 'permissions?', history }).context).toBe('install agent');
  });

  it('uses the page the user is on, without ids', () => {
    const resolved = resolve({
      question: 'What can I do here?',
      pageContext: { path: '/tasks/3f1c9a4e-1b2c-4d5e-8f90-123456789abc', title: 'Task details' },
    });
    expect(resolved).toMatchObject({ query: '', followUp: true });
    expect(resolved.context).toBe('tasks task details');
  });

  it('is not a follow-up when there is nothing to follow', () => {
    expect(resolve({ question: 'how do I do it?' })).toEqual({
      query: '',
      context: '',
      followUp: false,
      asksHow: true,
    });
  });
});
