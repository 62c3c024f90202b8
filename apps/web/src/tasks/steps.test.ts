import type { Step } from '@capecontrol/schema';
import { expect, test } from 'vitest';
import { mergeSteps } from './steps';
import type { StepView } from './task-view';

function recorded(seq: number, overrides: Partial<Step> = {}): Step {
  return {
    seq,
    attempt: 1,
    kind: 'llm',
    name: 'answer',
    status: 'succeeded',
    input: null,
    output: null,
    error: null,
    promptTokens: 10,
    completionTokens: 5,
    startedAt: '2026-11-23T12:00:00.000Z',
    finishedAt: '2026-11-23T12:00:01.000Z',
    durationMs: 1000,
    ...overrides,
  };
}

function live(seq: number, overrides: Partial<StepView> = {}): StepView {
  return {
    seq,
    kind: 'llm',
    name: 'answer',
    status: 'running',
    durationMs: null,
    error: null,
    abandoned: false,
    ...overrides,
  };
}

test('a step the stream announced before the record was fetched again shows as pending', () => {
  const steps = mergeSteps(
    [recorded(1, { kind: 'retrieve', name: 'retrieve' })],
    [live(1, { kind: 'retrieve', name: 'retrieve', status: 'succeeded' }), live(2)],
  );
  expect(steps.map((step) => [step.seq, step.status, step.pending])).toEqual([
    [1, 'succeeded', false],
    [2, 'running', true],
  ]);
});

test('a recorded running step finishes as soon as the stream says so', () => {
  const [step] = mergeSteps(
    [recorded(1, { status: 'running', durationMs: null, finishedAt: null })],
    [live(1, { status: 'failed', durationMs: 40, error: 'Upstream 500' })],
  );
  expect(step).toMatchObject({ status: 'failed', durationMs: 40, error: 'Upstream 500' });
});

test('a step run again by a later attempt is marked abandoned', () => {
  const steps = mergeSteps(
    [
      recorded(1, { status: 'failed', error: 'The worker running this step stopped responding.' }),
      recorded(2, { attempt: 2 }),
    ],
    [],
  );
  expect(steps.map((step) => step.abandoned)).toEqual([true, false]);
});
