import type { FindingSeverity, ValidationVerdict } from '@capecontrol/schema';
import type { Finding } from './marketplace-types';

/** Worst first: the order a publisher should read findings in. */
export const SEVERITY_ORDER: readonly FindingSeverity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

export const VERDICT_LABELS: Record<ValidationVerdict, string> = {
  pass: 'Passed',
  warnings: 'Passed with warnings',
  blocked: 'Blocked',
};

export interface SeverityGroup {
  severity: FindingSeverity;
  findings: Finding[];
}

/** Findings grouped by severity, worst group first, empty groups left out; order kept within. */
export function groupBySeverity(findings: readonly Finding[]): SeverityGroup[] {
  return SEVERITY_ORDER.map((severity) => ({
    severity,
    findings: findings.filter((finding) => finding.severity === severity),
  })).filter((group) => group.findings.length > 0);
}

/** "2 critical, 1 medium", or "No findings". */
export function findingCounts(findings: readonly Finding[]): string {
  const groups = groupBySeverity(findings);
  if (groups.length === 0) return 'No findings';
  return groups
    .map(
      (group) => `${group.findings.length} ${group.severity === 'info' ? 'info' : group.severity}`,
    )
    .join(', ');
}

/** "+4", "−12", "0": a factor's effect on the score, with a real minus sign. */
export function formatImpact(impact: number): string {
  const rounded = Math.round(impact);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `−${Math.abs(rounded)}`;
  return '0';
}

/** How a 0–100 score reads: good from 80, fair from 50. */
export function scoreBand(score: number): 'good' | 'fair' | 'poor' {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

const integer = new Intl.NumberFormat('en');

const FACTORS: Record<string, { label: string; value: (value: number) => string }> = {
  promptChars: { label: 'Prompt size', value: (v) => `${integer.format(v)} characters` },
  knowledgeChars: { label: 'Knowledge size', value: (v) => `${integer.format(v)} characters` },
  maxTokens: { label: 'Longest answer', value: (v) => `${integer.format(v)} tokens` },
  dependencies: { label: 'Dependencies', value: (v) => integer.format(v) },
  dependencyDepth: {
    label: 'Dependency depth',
    value: (v) => `${v} ${v === 1 ? 'level' : 'levels'}`,
  },
  workflowSteps: { label: 'Workflow steps', value: (v) => integer.format(v) },
  observedRuns: { label: 'Runs observed', value: (v) => integer.format(v) },
  'observed.successRate': {
    label: 'Success rate in real runs',
    value: (v) => `${Math.round(v * 100)}%`,
  },
  'observed.p50LatencyMs': {
    label: 'Median time per run',
    value: (v) => (v < 1000 ? `${Math.round(v)} ms` : `${(v / 1000).toFixed(1)} s`),
  },
  'observed.avgTotalTokens': {
    label: 'Tokens per run',
    value: (v) => integer.format(Math.round(v)),
  },
};

/** A performance factor in words: "Prompt size", "1,204 characters". */
export function describeFactor(name: string, value: number): { label: string; value: string } {
  const known = FACTORS[name];
  if (known) return { label: known.label, value: known.value(value) };
  return { label: factorLabel(name), value: integer.format(value) };
}

/** Performance factor names the app does not know yet ("promptChars"), in words. */
export function factorLabel(name: string): string {
  const spaced = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
