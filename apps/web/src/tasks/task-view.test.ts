import type { TaskEvent, TaskEventPayload } from '@capecontrol/schema';
import { describe, expect, test } from 'vitest';
import { applyTaskEvent, foldTaskEvents, initialTaskView, partialTextOf } from './task-view';

const TASK_ID = '0b8f4c1e-8a59-4d3f-9a39-3c1f0e7f2a10';

/** Numbers the payloads 1, 2, 3… as the server's event log would. */
function transcript(...payloads: TaskEventPayload[]): TaskEvent[] {
  return payloads.map((payload, index) => event(index + 1, payload));
}

function event(id: number, payload: TaskEventPayload): TaskEvent {
  return { id, taskId: TASK_ID, at: '2026-11-23T12:00:00.000Z', ...payload };
}

const citation = (index: number, title = `Doc ${index}`) => ({
  index,
  documentSlug: `doc-${index}`,
  title,
  section: 'Section',
  snippet: `Snippet ${index}`,
});

const guideRun: TaskEventPayload[] = [
  { type: 'status', status: 'queued', attempt: 0 },
  { type: 'status', status: 'running', attempt: 1 },
  { type: 'step.started', seq: 1, kind: 'retrieve', name: 'retrieve' },
  { type: 'citation', citation: citation(1, 'Publishing') },
  { type: 'citation', citation: citation(2, 'Manifest') },
  { type: 'step.finished', seq: 1, status: 'succeeded', durationMs: 12 },
  { type: 'step.started', seq: 2, kind: 'llm', name: 'answer' },
  { type: 'token', text: 'Run ', step: 2 },
  { type: 'token', text: '`cape publish` ', step: 2 },
  { type: 'token', text: 'in the folder [1].', step: 2 },
  { type: 'usage', promptTokens: 120, completionTokens: 9, model: 'offline' },
  { type: 'step.finished', seq: 2, status: 'succeeded', durationMs: 40 },
  { type: 'step.started', seq: 3, kind: 'compose', name: 'suggest' },
  { type: 'suggestion', text: 'How do I version an agent?' },
  { type: 'suggestion', text: 'What does the manifest contain?' },
  { type: 'step.finished', seq: 3, status: 'succeeded', durationMs: 3 },
  { type: 'status', status: 'succeeded', attempt: 1 },
  {
    type: 'terminal',
    status: 'succeeded',
    error: null,
    output: { answer: 'Run `cape publish` in the folder [1].' },
  },
];

describe('folding a task’s events', () => {
  test('a Guide run: answer, citations, suggestions, steps, usage and the terminal event', () => {
    const view = foldTaskEvents(transcript(...guideRun));
    expect(view.answer).toBe('Run `cape publish` in the folder [1].');
    expect(view.citations.map((c) => c.title)).toEqual(['Publishing', 'Manifest']);
    expect(view.suggestions).toEqual([
      'How do I version an agent?',
      'What does the manifest contain?',
    ]);
    expect(view.steps.map((s) => [s.seq, s.name, s.status, s.durationMs])).toEqual([
      [1, 'retrieve', 'succeeded', 12],
      [2, 'answer', 'succeeded', 40],
      [3, 'suggest', 'succeeded', 3],
    ]);
    expect(view.promptTokens).toBe(120);
    expect(view.completionTokens).toBe(9);
    expect(view.status).toBe('succeeded');
    expect(view.attempt).toBe(1);
    expect(view.terminal).toEqual({
      status: 'succeeded',
      error: null,
      output: { answer: 'Run `cape publish` in the folder [1].' },
    });
    expect(view.lastEventId).toBe(guideRun.length);
  });

  test('the answer grows token by token', () => {
    const events = transcript(...guideRun);
    const answers: string[] = [];
    let view = initialTaskView;
    for (const item of events) {
      view = applyTaskEvent(view, item);
      if (answers.at(-1) !== view.answer) answers.push(view.answer);
    }
    expect(answers).toEqual([
      '',
      'Run ',
      'Run `cape publish` ',
      'Run `cape publish` in the folder [1].',
    ]);
  });

  test('a Specialist run: domain with confidence and runner-up, playbook in order, insights', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'status', status: 'running', attempt: 1 },
        { type: 'step.started', seq: 1, kind: 'classify', name: 'detect domain' },
        {
          type: 'domain',
          domain: 'integration_helper',
          confidence: 0.82,
          runnerUp: { domain: 'workflow_automation', confidence: 0.11 },
        },
        { type: 'step.finished', seq: 1, status: 'succeeded', durationMs: 1 },
        { type: 'step.started', seq: 2, kind: 'compose', name: 'compose answer' },
        { type: 'playbook_step', index: 2, step: { title: 'B', purpose: 'b', check: 'b?' } },
        { type: 'playbook_step', index: 1, step: { title: 'A', purpose: 'a', check: 'a?' } },
        { type: 'insight', text: 'Retries arrive out of order.' },
        { type: 'insight', text: 'Stripe signs every delivery.' },
        { type: 'token', text: 'Verify signatures, ' },
        { type: 'token', text: 'then deduplicate.' },
        { type: 'step.finished', seq: 2, status: 'succeeded', durationMs: 2 },
      ),
    );
    expect(view.domain).toEqual({
      domain: 'integration_helper',
      confidence: 0.82,
      runnerUp: { domain: 'workflow_automation', confidence: 0.11 },
    });
    expect(view.playbook.map((step) => step.title)).toEqual(['A', 'B']);
    expect(view.insights).toEqual(['Retries arrive out of order.', 'Stripe signs every delivery.']);
    // Tokens without a `step` belong to the step that is running.
    expect(view.answer).toBe('Verify signatures, then deduplicate.');
  });

  test('an event with an id already applied is ignored (a replay after reconnecting)', () => {
    const events = transcript(...guideRun.slice(0, 9));
    const view = foldTaskEvents(events);
    const token = events[8];
    if (!token) throw new Error('missing event');
    expect(applyTaskEvent(view, token)).toBe(view);
    // A whole overlapping replay changes nothing either.
    const replayed = foldTaskEvents(events, view);
    expect(replayed).toBe(view);
    expect(replayed.answer).toBe('Run `cape publish` ');
    expect(replayed.citations).toHaveLength(2);
  });

  test('an older event arriving late is ignored too', () => {
    const events = transcript(...guideRun.slice(0, 10));
    const view = foldTaskEvents(events);
    const stale = event(5, { type: 'suggestion', text: 'Stale' });
    expect(applyTaskEvent(view, stale)).toBe(view);
  });

  test('a worker crash mid-answer: the abandoned step’s tokens go, the new attempt’s stay', () => {
    const view = foldTaskEvents(
      transcript(
        ...guideRun.slice(0, 9), // retrieve done; "Run `cape publish` " streamed by attempt 1
        // The worker dies; the reaper requeues the task once its lease expires.
        { type: 'status', status: 'queued', attempt: 1, reason: 'lease_expired' },
      ),
    );
    expect(view.status).toBe('queued');
    expect(view.requeueReason).toBe('lease_expired');
    // Until the step is started again, what it streamed stays visible.
    expect(view.answer).toBe('Run `cape publish` ');

    const resumed = foldTaskEvents(
      transcript(
        { type: 'status', status: 'running', attempt: 2 },
        // `retrieve` succeeded before the crash: it is not run again. `answer` is.
        { type: 'step.started', seq: 3, kind: 'llm', name: 'answer' },
        { type: 'token', text: 'Publish with ', step: 3 },
        // A late token of the dead attempt (stale seq) must not come back.
        { type: 'token', text: 'STALE ', step: 2 },
        { type: 'token', text: '`cape publish` [1].', step: 3 },
        { type: 'step.finished', seq: 3, status: 'succeeded', durationMs: 20 },
      ).map((item) => ({ ...item, id: item.id + view.lastEventId })),
      view,
    );
    expect(resumed.attempt).toBe(2);
    expect(resumed.requeueReason).toBeNull();
    expect(resumed.answer).toBe('Publish with `cape publish` [1].');
    expect(resumed.citations).toHaveLength(2);
    const steps = resumed.steps.map((s) => [s.seq, s.name, s.status, s.abandoned]);
    expect(steps).toEqual([
      [1, 'retrieve', 'succeeded', false],
      [2, 'answer', 'running', true],
      [3, 'answer', 'succeeded', false],
    ]);
  });

  test('a restarted step drops its other output too (citations, suggestions, insights)', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'status', status: 'running', attempt: 1 },
        { type: 'step.started', seq: 1, kind: 'retrieve', name: 'retrieve' },
        { type: 'citation', citation: citation(1, 'First try') },
        { type: 'citation', citation: citation(2, 'Only in the first try') },
        { type: 'status', status: 'queued', attempt: 1, reason: 'lease_expired' },
        { type: 'status', status: 'running', attempt: 2 },
        { type: 'step.started', seq: 2, kind: 'retrieve', name: 'retrieve' },
        { type: 'citation', citation: citation(1, 'Second try') },
        { type: 'step.finished', seq: 2, status: 'succeeded', durationMs: 5 },
      ),
    );
    expect(view.citations.map((c) => c.title)).toEqual(['Second try']);
  });

  test('a step that finished failed is abandoned; the retried step replaces it', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'status', status: 'running', attempt: 1 },
        { type: 'step.started', seq: 1, kind: 'llm', name: 'answer' },
        { type: 'token', text: 'Half an ans', step: 1 },
        { type: 'step.finished', seq: 1, status: 'failed', durationMs: 9, error: 'Upstream 500' },
      ),
    );
    expect(view.answer).toBe('');
    expect(view.steps[0]).toMatchObject({
      status: 'failed',
      error: 'Upstream 500',
      abandoned: true,
    });

    const retried = foldTaskEvents(
      transcript(
        { type: 'status', status: 'running', attempt: 2 },
        { type: 'step.started', seq: 2, kind: 'llm', name: 'answer' },
        { type: 'token', text: 'A whole answer.', step: 2 },
      ).map((item) => ({ ...item, id: item.id + view.lastEventId })),
      view,
    );
    expect(retried.answer).toBe('A whole answer.');
  });

  test('two finished steps with the same name are both kept (a step that is not a restart)', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'step.started', seq: 1, kind: 'agent_call', name: 'call' },
        { type: 'token', text: 'one ' },
        { type: 'step.finished', seq: 1, status: 'succeeded', durationMs: 1 },
        { type: 'step.started', seq: 2, kind: 'agent_call', name: 'call' },
        { type: 'token', text: 'two' },
        { type: 'step.finished', seq: 2, status: 'succeeded', durationMs: 1 },
      ),
    );
    expect(view.answer).toBe('one two');
    expect(view.steps.every((step) => !step.abandoned)).toBe(true);
  });

  test('Stop: the cancelled step keeps its partial answer and the run ends cancelled', () => {
    const view = foldTaskEvents(
      transcript(
        ...guideRun.slice(0, 9),
        { type: 'step.finished', seq: 2, status: 'cancelled', durationMs: 30, error: 'Cancelled.' },
        { type: 'status', status: 'cancelled', attempt: 1 },
        {
          type: 'terminal',
          status: 'cancelled',
          error: { code: 'cancelled', message: 'Cancelled while running; partial output kept.' },
          output: { partial: true, text: 'Run `cape publish` ' },
        },
      ),
    );
    expect(view.answer).toBe('Run `cape publish` ');
    expect(view.status).toBe('cancelled');
    expect(view.terminal?.error?.code).toBe('cancelled');
    expect(view.steps.find((step) => step.seq === 2)?.status).toBe('cancelled');
  });

  test('a timeout: the answer step is abandoned, the terminal output still has the partial text', () => {
    const view = foldTaskEvents(
      transcript(
        ...guideRun.slice(0, 9),
        { type: 'step.finished', seq: 2, status: 'failed', durationMs: 30, error: 'Timed out.' },
        { type: 'status', status: 'timed_out', attempt: 1 },
        {
          type: 'terminal',
          status: 'timed_out',
          error: { code: 'timeout', message: 'The task ran longer than its 30 s limit.' },
          output: { partial: true, text: 'Run `cape publish` ' },
        },
      ),
    );
    expect(view.answer).toBe('');
    expect(partialTextOf(view)).toBe('Run `cape publish` ');
    expect(view.terminal?.status).toBe('timed_out');
  });

  test('a task that fails before any worker starts it still ends with its terminal event', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'status', status: 'queued', attempt: 0 },
        { type: 'status', status: 'cancelled', attempt: 0 },
        {
          type: 'terminal',
          status: 'cancelled',
          error: { code: 'cancelled', message: 'Cancelled before it started.' },
          output: null,
        },
      ),
    );
    expect(view.terminal?.status).toBe('cancelled');
    expect(view.answer).toBe('');
    expect(partialTextOf(view)).toBeNull();
  });

  test('steps still running at the terminal event are closed', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'step.started', seq: 1, kind: 'llm', name: 'answer' },
        { type: 'status', status: 'failed', attempt: 3, reason: 'lease_expired' },
        {
          type: 'terminal',
          status: 'failed',
          error: { code: 'max_attempts', message: 'The worker stopped responding 3 times.' },
          output: null,
        },
      ),
    );
    expect(view.steps[0]?.status).toBe('failed');
    expect(view.requeueReason).toBeNull();
  });

  test('suggestions are not repeated', () => {
    const view = foldTaskEvents(
      transcript(
        { type: 'suggestion', text: 'Same' },
        { type: 'suggestion', text: 'Same' },
        { type: 'suggestion', text: 'Other' },
      ),
    );
    expect(view.suggestions).toEqual(['Same', 'Other']);
  });
});
