import type { Step, StepKind, StepStatus } from '@capecontrol/schema';
import type { StepView } from './task-view';

/** A row of the step timeline: what the database recorded, updated by the live stream. */
export interface TimelineStep {
  seq: number;
  attempt: number | null;
  kind: StepKind;
  name: string;
  status: StepStatus;
  error: string | null;
  startedAt: string | null;
  durationMs: number | null;
  promptTokens: number;
  completionTokens: number;
  input: unknown;
  output: unknown;
  /** Known from the stream only so far (the record is being fetched again). */
  pending: boolean;
  /** Given up: a later attempt ran this step again, or it failed. */
  abandoned: boolean;
}

/** A step as `task.get` sends it (JSON: a null-ish input or output may arrive as missing). */
export type RecordedStep = Omit<Step, 'input' | 'output'> & { input?: unknown; output?: unknown };

/**
 * The timeline: recorded steps (`task.get`) merged with what the stream has said since they
 * were fetched, so a step shows up and finishes the moment its events arrive.
 */
export function mergeSteps(
  recorded: readonly RecordedStep[],
  live: readonly StepView[],
): TimelineStep[] {
  const bySeq = new Map<number, TimelineStep>();
  for (const step of recorded) {
    bySeq.set(step.seq, {
      seq: step.seq,
      attempt: step.attempt,
      kind: step.kind,
      name: step.name,
      status: step.status,
      error: step.error,
      startedAt: step.startedAt,
      durationMs: step.durationMs,
      promptTokens: step.promptTokens,
      completionTokens: step.completionTokens,
      input: step.input ?? null,
      output: step.output ?? null,
      pending: false,
      abandoned: false,
    });
  }
  for (const step of live) {
    const known = bySeq.get(step.seq);
    if (known) {
      const finishedLive = known.status === 'running' && step.status !== 'running';
      bySeq.set(step.seq, {
        ...known,
        status: finishedLive ? step.status : known.status,
        durationMs: known.durationMs ?? step.durationMs,
        error: known.error ?? step.error,
        abandoned: step.abandoned,
      });
    } else {
      bySeq.set(step.seq, {
        seq: step.seq,
        attempt: null,
        kind: step.kind,
        name: step.name,
        status: step.status,
        error: step.error,
        startedAt: null,
        durationMs: step.durationMs,
        promptTokens: 0,
        completionTokens: 0,
        input: null,
        output: null,
        pending: true,
        abandoned: step.abandoned,
      });
    }
  }
  const steps = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  // A recorded step that a later attempt ran again is superseded even without the stream.
  return steps.map((step) =>
    step.status !== 'succeeded' &&
    steps.some(
      (later) =>
        later.seq > step.seq &&
        later.kind === step.kind &&
        later.name === step.name &&
        (later.attempt ?? Infinity) > (step.attempt ?? 0),
    )
      ? { ...step, abandoned: true }
      : step,
  );
}
