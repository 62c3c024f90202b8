import { describe, expect, test } from 'vitest';
import {
  agentName,
  describeEnd,
  formatDuration,
  formatPercent,
  formatTokens,
  questionOf,
  taskDurationMs,
} from './task-format';

test('formatDuration reads naturally at every scale', () => {
  expect(formatDuration(0)).toBe('0 ms');
  expect(formatDuration(850)).toBe('850 ms');
  expect(formatDuration(1_234)).toBe('1.2 s');
  expect(formatDuration(9_990)).toBe('9.9 s');
  expect(formatDuration(42_000)).toBe('42 s');
  expect(formatDuration(185_000)).toBe('3 min 5 s');
  expect(formatDuration(120_000)).toBe('2 min');
  expect(formatDuration(4_320_000)).toBe('1 h 12 min');
});

describe('taskDurationMs', () => {
  const now = Date.parse('2026-11-23T12:00:10Z');
  test('start to finish', () => {
    expect(
      taskDurationMs(
        { startedAt: '2026-11-23T12:00:00Z', finishedAt: '2026-11-23T12:00:02.500Z' },
        now,
      ),
    ).toBe(2_500);
  });
  test('start to now while running', () => {
    expect(taskDurationMs({ startedAt: '2026-11-23T12:00:00Z', finishedAt: null }, now)).toBe(
      10_000,
    );
  });
  test('nothing before it starts', () => {
    expect(taskDurationMs({ startedAt: null, finishedAt: null }, now)).toBeNull();
  });
});

test('formatTokens and formatPercent', () => {
  expect(formatTokens(0)).toBe('No tokens');
  expect(formatTokens(1)).toBe('1 token');
  expect(formatTokens(12_345)).toBe('12,345 tokens');
  expect(formatPercent(0.824)).toBe('82%');
  expect(formatPercent(1.2)).toBe('100%');
});

test('agentName names the built-ins and leaves marketplace agents as they are', () => {
  expect(agentName('cape-ai-guide')).toBe('CapeAI Guide');
  expect(agentName('cape-ai-domain-specialist')).toBe('CapeAI Domain Specialist');
  expect(agentName('acme/summariser')).toBe('acme/summariser');
});

test('describeEnd says why a run ended', () => {
  expect(describeEnd('failed', { code: 'llm_unavailable', message: 'The model is down.' })).toBe(
    "The agent couldn't finish: The model is down.",
  );
  expect(describeEnd('timed_out', null)).toBe('The agent took too long and was stopped.');
});

test('questionOf reads the built-ins’ question and marketplace agents’ input', () => {
  expect(questionOf({ question: 'How do I publish?' })).toBe('How do I publish?');
  expect(questionOf({ input: 'Summarise these notes' })).toBe('Summarise these notes');
  expect(questionOf({ input: 3 })).toBe('');
  expect(questionOf(null)).toBe('');
});
