import type { FindingSeverity, ValidationFinding, ValidationReport } from '@capecontrol/schema';
import { clean, plural, type Style } from './output';

const SEVERITIES: FindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

const SEVERITY_LABEL: Record<FindingSeverity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

function severityPaint(style: Style, severity: FindingSeverity): (text: string) => string {
  switch (severity) {
    case 'critical':
    case 'high':
      return style.red;
    case 'medium':
      return style.yellow;
    case 'low':
      return style.cyan;
    case 'info':
      return style.dim;
  }
}

const ICON: Record<FindingSeverity, string> = {
  critical: '✗',
  high: '!',
  medium: '!',
  low: '·',
  info: 'i',
};

/** One line per verdict: "✓ Passed", "! Passed with warnings", "✗ Blocked". */
export function verdictLine(style: Style, report: ValidationReport): string {
  switch (report.verdict) {
    case 'pass':
      return style.green('✓ Passed');
    case 'warnings':
      return style.yellow('! Passed with warnings');
    case 'blocked':
      return style.red(style.bold('✗ Blocked'));
  }
}

function countsLine(report: ValidationReport): string {
  const parts: string[] = [];
  if (report.schemaErrors.length > 0)
    parts.push(plural(report.schemaErrors.length, 'schema error'));
  for (const severity of SEVERITIES) {
    const count = report.findings.filter((f) => f.severity === severity).length;
    if (count > 0) parts.push(`${count} ${severity}`);
  }
  return parts.length === 0 ? 'no findings' : parts.join(', ');
}

const FACTOR_LABELS: Record<string, [label: string, unit: (value: number) => string]> = {
  promptChars: ['prompt size', (v) => `${v.toLocaleString('en')} chars`],
  knowledgeChars: ['knowledge size', (v) => `${v.toLocaleString('en')} chars`],
  maxTokens: ['max tokens', (v) => v.toLocaleString('en')],
  dependencies: ['dependencies', String],
  dependencyDepth: ['dependency depth', String],
  workflowSteps: ['workflow steps', String],
  observedRuns: ['observed runs', (v) => v.toLocaleString('en')],
  'observed.successRate': ['success rate', (v) => `${Math.round(v * 100)}%`],
  'observed.p50LatencyMs': ['p50 latency', (v) => `${Math.round(v).toLocaleString('en')} ms`],
  'observed.avgTotalTokens': ['tokens per run', (v) => Math.round(v).toLocaleString('en')],
};

function findingLines(style: Style, finding: ValidationFinding): string[] {
  const paint = severityPaint(style, finding.severity);
  const where = finding.path ? ` · ${clean(finding.path)}` : '';
  return [
    `  ${paint(ICON[finding.severity])} ${clean(finding.message)}`,
    `    ${style.dim(`${finding.id}${where}`)}`,
  ];
}

/**
 * A validation report for the terminal: the verdict, schema errors with their paths, findings
 * grouped by severity (most severe first), and the performance score with what moved it.
 */
export function formatReport(style: Style, report: ValidationReport, title?: string): string[] {
  const lines: string[] = [];
  const manifest = report.manifest;
  const heading =
    title ?? (manifest ? `${manifest.name}@${manifest.version} · ${manifest.displayName}` : null);
  if (heading) lines.push(style.bold(clean(heading)));
  lines.push(`${verdictLine(style, report)}  ${style.dim(countsLine(report))}`);

  if (report.schemaErrors.length > 0) {
    lines.push('', style.red(style.bold(`Schema errors (${report.schemaErrors.length})`)));
    const width = Math.min(40, Math.max(...report.schemaErrors.map((e) => e.path.length || 1)));
    for (const error of report.schemaErrors) {
      const path = clean(error.path) || '(manifest)';
      lines.push(`  ${style.red('✗')} ${style.bold(path.padEnd(width))}  ${clean(error.message)}`);
    }
  }

  for (const severity of SEVERITIES) {
    const findings = report.findings.filter((f) => f.severity === severity);
    if (findings.length === 0) continue;
    const paint = severityPaint(style, severity);
    const blocks = severity === 'critical' ? style.dim(' · blocks publishing') : '';
    lines.push(
      '',
      `${paint(style.bold(`${SEVERITY_LABEL[severity]} (${findings.length})`))}${blocks}`,
    );
    for (const finding of findings) lines.push(...findingLines(style, finding));
  }

  if (report.schemaErrors.length === 0) {
    const { score, observed } = report.performance;
    const paint = score >= 80 ? style.green : score >= 50 ? style.yellow : style.red;
    const basis =
      observed === null
        ? 'static estimate'
        : `static ${report.performance.static}, observed ${observed}`;
    lines.push('', `${style.bold('Performance')}  ${paint(`${score}/100`)}  ${style.dim(basis)}`);
    const costly = report.performance.factors
      .filter((factor) => factor.impact !== 0)
      .map((factor) => {
        const [label, unit] = FACTOR_LABELS[factor.name] ?? [factor.name, String];
        return {
          label,
          value: unit(factor.value),
          impact: factor.impact.toFixed(1).replace('-', '−'),
        };
      });
    const labelWidth = Math.max(0, ...costly.map((factor) => factor.label.length));
    const valueWidth = Math.max(0, ...costly.map((factor) => factor.value.length));
    for (const factor of costly) {
      lines.push(
        `  ${factor.label.padEnd(labelWidth)}  ${factor.value.padStart(valueWidth)}  ${style.dim(factor.impact)}`,
      );
    }
  }
  return lines;
}
