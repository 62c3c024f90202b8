import type {
  Citation,
  Domain,
  PlaybookStep,
  StepKind,
  StepStatus,
  TaskError,
  TaskEvent,
  TaskStatus,
  TerminalTaskStatus,
} from '@capecontrol/schema';

/** A step as the stream has described it so far. */
export interface StepView {
  seq: number;
  kind: StepKind;
  name: string;
  status: StepStatus;
  durationMs: number | null;
  error: string | null;
  /**
   * The step was given up: it failed, or a later attempt started it again (after a worker
   * crash). What it streamed is no longer part of the answer.
   */
  abandoned: boolean;
}

export interface DomainView {
  domain: Domain;
  confidence: number;
  runnerUp: { domain: Domain; confidence: number } | null;
}

/** What one step streamed, kept apart so an abandoned step's output can be dropped whole. */
interface StepContent {
  tokens: string[];
  citations: Citation[];
  suggestions: string[];
  insights: string[];
  playbook: { index: number; step: PlaybookStep }[];
  domain: DomainView | null;
}

export interface TerminalView {
  status: TerminalTaskStatus;
  error: TaskError | null;
  output: unknown;
}

/** Everything a page shows about a task's run, folded from its events. */
export interface TaskView {
  /** The highest event id applied; events at or below it are duplicates (replays) and ignored. */
  lastEventId: number;
  status: TaskStatus | null;
  attempt: number;
  /** Set while the task waits to be picked up again (`lease_expired`, `worker_shutdown`). */
  requeueReason: string | null;
  steps: StepView[];
  /** Keyed by step seq; 0 holds anything streamed outside a step. */
  content: Record<number, StepContent>;
  promptTokens: number;
  completionTokens: number;
  terminal: TerminalView | null;
  // Derived from the steps that still count, recomputed when one is abandoned.
  answer: string;
  citations: Citation[];
  suggestions: string[];
  insights: string[];
  playbook: PlaybookStep[];
  domain: DomainView | null;
}

export const initialTaskView: TaskView = {
  lastEventId: 0,
  status: null,
  attempt: 0,
  requeueReason: null,
  steps: [],
  content: {},
  promptTokens: 0,
  completionTokens: 0,
  terminal: null,
  answer: '',
  citations: [],
  suggestions: [],
  insights: [],
  playbook: [],
  domain: null,
};

const emptyContent: StepContent = {
  tokens: [],
  citations: [],
  suggestions: [],
  insights: [],
  playbook: [],
  domain: null,
};

/**
 * Folds one event into the view. Pure; returns `view` itself for an event already applied
 * (same or lower id), so a resumed or replayed stream never doubles anything.
 *
 * Restarts: after a worker crash the task is queued again (`lease_expired`) and a new attempt
 * starts the unfinished step again under a new seq. The earlier, unfinished run of that step
 * (a new `step.started` with the same kind and name; finished steps are never run again), and
 * any step that finished `failed`, are abandoned: their tokens, citations and the rest leave the answer.
 */
export function applyTaskEvent(view: TaskView, event: TaskEvent): TaskView {
  if (event.id <= view.lastEventId) return view;
  const next: TaskView = { ...view, lastEventId: event.id };

  switch (event.type) {
    case 'status':
      next.status = event.status;
      next.attempt = Math.max(view.attempt, event.attempt);
      next.requeueReason = event.status === 'queued' ? (event.reason ?? null) : null;
      return next;

    case 'step.started': {
      const restarted = view.steps.filter(
        (step) =>
          !step.abandoned &&
          step.status !== 'succeeded' &&
          step.kind === event.kind &&
          step.name === event.name,
      );
      const step: StepView = {
        seq: event.seq,
        kind: event.kind,
        name: event.name,
        status: 'running',
        durationMs: null,
        error: null,
        abandoned: false,
      };
      next.steps = [...view.steps.filter((existing) => existing.seq !== event.seq), step].sort(
        (a, b) => a.seq - b.seq,
      );
      return restarted.length > 0
        ? abandon(
            next,
            restarted.map((old) => old.seq),
          )
        : next;
    }

    case 'step.finished': {
      next.steps = view.steps.map((step) =>
        step.seq === event.seq
          ? {
              ...step,
              status: event.status,
              durationMs: event.durationMs,
              error: event.error ?? null,
            }
          : step,
      );
      return event.status === 'failed' ? abandon(next, [event.seq]) : next;
    }

    case 'token': {
      const seq = event.step ?? openStep(view);
      if (isAbandoned(view, seq)) return next;
      const content = contentOf(view, seq);
      next.content = {
        ...view.content,
        [seq]: { ...content, tokens: [...content.tokens, event.text] },
      };
      // Tokens arrive in order for the newest step; anything else is rebuilt in seq order.
      const newest = Object.keys(view.content).every((key) => Number(key) <= seq);
      if (!newest) return derive(next);
      next.answer = view.answer + event.text;
      return next;
    }

    case 'citation':
      return addContent(next, openStep(view), (content) => ({
        ...content,
        citations: [
          ...content.citations.filter((citation) => citation.index !== event.citation.index),
          event.citation,
        ],
      }));

    case 'suggestion':
      return addContent(next, openStep(view), (content) => ({
        ...content,
        suggestions: content.suggestions.includes(event.text)
          ? content.suggestions
          : [...content.suggestions, event.text],
      }));

    case 'insight':
      return addContent(next, openStep(view), (content) => ({
        ...content,
        insights: [...content.insights, event.text],
      }));

    case 'playbook_step':
      return addContent(next, openStep(view), (content) => ({
        ...content,
        playbook: [
          ...content.playbook.filter((item) => item.index !== event.index),
          { index: event.index, step: event.step },
        ],
      }));

    case 'domain':
      return addContent(next, openStep(view), (content) => ({
        ...content,
        domain: { domain: event.domain, confidence: event.confidence, runnerUp: event.runnerUp },
      }));

    case 'usage':
      next.promptTokens = view.promptTokens + event.promptTokens;
      next.completionTokens = view.completionTokens + event.completionTokens;
      return next;

    case 'terminal':
      next.status = event.status;
      next.requeueReason = null;
      next.terminal = { status: event.status, error: event.error, output: event.output ?? null };
      // A step still "running" at the end never finished (the worker went away, or the task
      // ended before it could say so).
      next.steps = view.steps.map((step) =>
        step.status === 'running'
          ? { ...step, status: event.status === 'cancelled' ? 'cancelled' : 'failed' }
          : step,
      );
      return next;
  }
}

/** Folds a list of events (a replay, a test transcript). */
export function foldTaskEvents(events: readonly TaskEvent[], view = initialTaskView): TaskView {
  return events.reduce(applyTaskEvent, view);
}

export function isFinished(view: TaskView): boolean {
  return view.terminal !== null;
}

/**
 * The text a run streamed before it stopped, when the answer itself is empty: the executor
 * keeps it as the terminal output `{ partial: true, text }` of a failed or timed-out task.
 */
export function partialTextOf(view: TaskView): string | null {
  return partialOutputText(view.terminal?.output);
}

/** The text of a `{ partial: true, text }` output (a stopped task's), or null. */
export function partialOutputText(output: unknown): string | null {
  if (typeof output !== 'object' || output === null) return null;
  const { partial, text } = output as { partial?: unknown; text?: unknown };
  return partial === true && typeof text === 'string' && text.trim() !== '' ? text : null;
}

/** The step that is running now (content events belong to it), or 0 outside any step. */
function openStep(view: TaskView): number {
  for (let index = view.steps.length - 1; index >= 0; index -= 1) {
    const step = view.steps[index];
    if (step && step.status === 'running' && !step.abandoned) return step.seq;
  }
  return 0;
}

function isAbandoned(view: TaskView, seq: number): boolean {
  return view.steps.some((step) => step.seq === seq && step.abandoned);
}

function contentOf(view: TaskView, seq: number): StepContent {
  return view.content[seq] ?? emptyContent;
}

function addContent(
  next: TaskView,
  seq: number,
  update: (content: StepContent) => StepContent,
): TaskView {
  if (isAbandoned(next, seq)) return next;
  return derive({ ...next, content: { ...next.content, [seq]: update(contentOf(next, seq)) } });
}

function abandon(next: TaskView, seqs: number[]): TaskView {
  const content = { ...next.content };
  for (const seq of seqs) delete content[seq];
  return derive({
    ...next,
    steps: next.steps.map((step) =>
      seqs.includes(step.seq) ? { ...step, abandoned: true } : step,
    ),
    content,
  });
}

/** Recomputes what the page shows from the content of the steps that still count. */
function derive(view: TaskView): TaskView {
  const ordered = Object.entries(view.content)
    .map(([seq, content]) => ({ seq: Number(seq), content }))
    .sort((a, b) => a.seq - b.seq)
    .map((entry) => entry.content);

  const citations = new Map<number, Citation>();
  const suggestions: string[] = [];
  const playbook = new Map<number, PlaybookStep>();
  let domain: DomainView | null = null;
  for (const content of ordered) {
    for (const citation of content.citations) citations.set(citation.index, citation);
    for (const text of content.suggestions) if (!suggestions.includes(text)) suggestions.push(text);
    for (const item of content.playbook) playbook.set(item.index, item.step);
    domain = content.domain ?? domain;
  }
  return {
    ...view,
    answer: ordered.map((content) => content.tokens.join('')).join(''),
    citations: [...citations.values()].sort((a, b) => a.index - b.index),
    suggestions,
    insights: ordered.flatMap((content) => content.insights),
    playbook: [...playbook.entries()].sort(([a], [b]) => a - b).map(([, step]) => step),
    domain,
  };
}
