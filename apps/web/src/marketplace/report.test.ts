import { describe, expect, test } from 'vitest';
import type { Finding } from './marketplace-types';
import {
  describeFactor,
  factorLabel,
  findingCounts,
  formatImpact,
  groupBySeverity,
  scoreBand,
} from './report';

function finding(id: string, severity: Finding['severity']): Finding {
  return { id, severity, category: 'secrets', message: id, path: 'prompt.system' };
}

describe('validation report', () => {
  test('findings are grouped worst first, keeping their order within a group', () => {
    const groups = groupBySeverity([
      finding('a', 'low'),
      finding('b', 'critical'),
      finding('c', 'low'),
      finding('d', 'info'),
    ]);
    expect(groups.map((group) => [group.severity, group.findings.map((f) => f.id)])).toEqual([
      ['critical', ['b']],
      ['low', ['a', 'c']],
      ['info', ['d']],
    ]);
    expect(findingCounts([finding('a', 'low'), finding('b', 'critical')])).toBe(
      '1 critical, 1 low',
    );
    expect(findingCounts([])).toBe('No findings');
  });

  test('performance factors in words', () => {
    expect(formatImpact(-12.4)).toBe('−12');
    expect(formatImpact(3.6)).toBe('+4');
    expect(formatImpact(0.2)).toBe('0');
    expect(describeFactor('promptChars', 1204)).toEqual({
      label: 'Prompt size',
      value: '1,204 characters',
    });
    expect(describeFactor('observed.successRate', 0.875).value).toBe('88%');
    expect(describeFactor('somethingNew', 3)).toEqual({ label: 'Something new', value: '3' });
    expect(factorLabel('dependency_depth')).toBe('Dependency depth');
  });

  test('score bands', () => {
    expect([95, 80, 79, 50, 49].map(scoreBand)).toEqual(['good', 'good', 'fair', 'fair', 'poor']);
  });
});
