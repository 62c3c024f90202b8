import type {
  Citation,
  PlaybookStep,
  TaskEventPayload,
  TerminalTaskStatus,
} from '@capecontrol/schema';
import { clean, plural, type Io } from './output';

type Terminal = Extract<TaskEventPayload, { type: 'terminal' }>;

const DOMAIN_LABEL: Record<string, string> = {
  workflow_automation: 'workflow automation',
  data_analytics: 'data analytics',
  security_audit: 'security audit',
  integration_helper: 'integration',
};

/**
 * Draws a task's events on the terminal: the answer's tokens on stdout as they arrive, step
 * markers and progress on stderr, and what arrives as structured events (playbook, insights,
 * sources, suggestions) on stdout once the task has ended.
 */
export class TaskRenderer {
  private lineOpen = false;
  private printedText = false;
  private readonly steps = new Map<number, string>();
  private readonly citations: Citation[] = [];
  private readonly suggestions: string[] = [];
  private readonly insights: string[] = [];
  private readonly playbook: PlaybookStep[] = [];
  private tokens = 0;
  private stepCount = 0;

  constructor(private readonly io: Io) {}

  /** Ends a half-written answer line before something else is written to the same terminal. */
  breakLine(): void {
    if (this.lineOpen && this.io.stdout.isTTY) {
      this.io.stdout.write('\n');
      this.lineOpen = false;
    }
  }

  private marker(text: string): void {
    this.breakLine();
    this.io.note(text);
  }

  handle(event: TaskEventPayload): void {
    const { err } = this.io;
    switch (event.type) {
      case 'status':
        if (event.status === 'running' && event.attempt > 1) {
          this.marker(
            err.yellow(
              `↻ retrying (attempt ${event.attempt})${event.reason ? `: ${clean(event.reason)}` : ''}`,
            ),
          );
        }
        return;
      case 'step.started':
        this.steps.set(event.seq, clean(event.name));
        this.stepCount += 1;
        this.marker(err.dim(`▸ ${clean(event.name)} ${err.dim(`(${event.kind})`)}`));
        return;
      case 'step.finished': {
        const name = this.steps.get(event.seq) ?? `step ${event.seq}`;
        const took = `${Math.round(event.durationMs)} ms`;
        if (event.status === 'succeeded') this.marker(err.dim(`${err.green('✓')} ${name} ${took}`));
        else
          this.marker(
            `${err.red('✗')} ${name} ${event.status}${event.error ? `: ${clean(event.error)}` : ''}`,
          );
        return;
      }
      case 'token': {
        const text = clean(event.text);
        if (text === '') return;
        this.io.stdout.write(text);
        this.lineOpen = !text.endsWith('\n');
        this.printedText = true;
        return;
      }
      case 'citation':
        this.citations.push(event.citation);
        return;
      case 'suggestion':
        this.suggestions.push(clean(event.text));
        return;
      case 'domain': {
        const label = DOMAIN_LABEL[event.domain] ?? event.domain;
        this.marker(err.dim(`· domain: ${label} (${Math.round(event.confidence * 100)}%)`));
        return;
      }
      case 'playbook_step':
        this.playbook.push(event.step);
        return;
      case 'insight':
        this.insights.push(clean(event.text));
        return;
      case 'usage':
        this.tokens += event.promptTokens + event.completionTokens;
        return;
      case 'terminal':
        this.finish(event);
        return;
    }
  }

  private finish(event: Terminal): void {
    const { io } = this;
    const { out } = io;
    if (this.lineOpen) io.stdout.write('\n');
    this.lineOpen = false;
    if (event.status === 'succeeded' && !this.printedText) {
      const text = answerOf(event.output);
      if (text !== null) io.print(text);
    }
    const section = (title: string, lines: string[]) => {
      if (lines.length === 0) return;
      io.print();
      io.print(out.bold(title));
      for (const line of lines) io.print(line);
    };
    section(
      'Playbook',
      this.playbook.map(
        (step, index) => `  ${index + 1}. ${out.bold(clean(step.title))} — ${clean(step.purpose)}`,
      ),
    );
    section(
      'Insights',
      this.insights.map((insight) => `  • ${insight}`),
    );
    section(
      'Sources',
      this.citations.map((c) => {
        // A section's heading path usually starts with the document's title.
        const title = clean(c.title);
        const where = clean(c.section);
        const label = where.startsWith(title) ? where : where ? `${title} › ${where}` : title;
        return `  [${c.index}] ${label} ${out.dim(`(${clean(c.documentSlug)})`)}`;
      }),
    );
    section(
      'You could also ask',
      this.suggestions.map((suggestion) => `  • ${suggestion}`),
    );
  }

  /** The closing line on stderr: outcome, steps, tokens and the task id. */
  summary(taskId: string, event: Terminal, elapsedMs: number): string {
    const { err } = this.io;
    const facts = [
      `${(elapsedMs / 1000).toFixed(1)} s`,
      plural(this.stepCount, 'step'),
      ...(this.tokens > 0 ? [plural(this.tokens, 'token')] : []),
      `task ${taskId}`,
    ].join(' · ');
    const reason = event.error ? `: ${clean(event.error.message)}` : '';
    const outcome: Record<TerminalTaskStatus, string> = {
      succeeded: err.green('✓ succeeded'),
      failed: err.red(`✗ failed${reason}`),
      timed_out: err.red(`✗ timed out${reason}`),
      cancelled: err.yellow('■ cancelled'),
    };
    return `${outcome[event.status]}  ${err.dim(facts)}`;
  }
}

/** The text of a finished task's output when no tokens streamed (`answer`, or the JSON). */
function answerOf(output: unknown): string | null {
  if (output === null || output === undefined) return null;
  if (typeof output === 'string') return clean(output);
  const answer = (output as { answer?: unknown }).answer;
  if (typeof answer === 'string') return clean(answer);
  return JSON.stringify(output, null, 2);
}
