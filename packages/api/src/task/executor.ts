import type { DB } from '@capecontrol/db';
import type { TaskEventPayload, TerminalTaskStatus } from '@capecontrol/schema';
import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AgentEvent, AgentRunContext, StepScope, StepSpec } from '../agent/runtime';
import { LlmError } from '../agent/llm/types';
import type { ClaimedTask } from './claim';
import { heartbeat } from './claim';
import type { TaskRuntime } from './deps';
import { StatementBatcher, type StatementPart } from './statement-batcher';
import { auditTaskRow } from './task-audit';
import {
  eventWrites,
  stepRowWrites,
  type Buffered,
  type StepClose,
  type StepOpen,
} from './step-writes';
import {
  eventValues,
  fencedBy,
  insertFencedEvents,
  toEvents,
  type PendingEvent,
} from './task-events';

export type StopReason =
  'cancel' | 'timeout' | 'lease_lost' | 'shutdown' | 'token_budget' | 'step_budget';

export class TaskStopped extends Error {
  constructor(readonly reason: StopReason) {
    super(`task stopped: ${reason}`);
    this.name = 'TaskStopped';
  }
}

export interface ExecutorDeps {
  db: Kysely<DB>;
  runtime: TaskRuntime;
  logger: Logger;
  /** Sends the finishes of a worker's tasks together (default: each on its own). */
  finisher?: StatementBatcher;
}

/** Events buffered beyond this make emit() wait for the database (back-pressure). */
const MAX_PENDING_EVENTS = 256;

/**
 * One attempt at running a claimed task. Every write carries the claim's fencing token, so a
 * worker that lost its lease (paused, partitioned, presumed dead) can never overwrite the new
 * holder's work. Steps completed by an earlier attempt are not run again: their recorded
 * outputs are replayed, so a re-claimed task continues where it stopped.
 */
/**
 * A step begun in the event-loop turn in which the claim arrived has no statement of its own
 * (its row and `step.started` event go with its first write); if it writes nothing for this
 * long, they are written anyway, so the step shows up while it runs.
 */
const QUIET_OPEN_MS = 20;

export class TaskRun {
  readonly task: ClaimedTask;
  /** Settles when execute() has finished (set by the worker). */
  done: Promise<void> = Promise.resolve();
  readonly #deps: ExecutorDeps;
  readonly #logger: Logger;
  readonly #controller = new AbortController();
  #reason: StopReason | null = null;
  #nextEventId = 0;
  #nextSeq = 0;
  #pending: PendingEvent[] = [];
  #flushing: Promise<void> = Promise.resolve();
  #flushScheduled = false;
  #flushTimer: NodeJS.Immediate | null = null;
  #logClosed = false;
  #leaseLost = false;
  #checkpoints = new Map<string, unknown>();
  #occurrences = new Map<string, number>();
  #promptTokens = 0;
  #completionTokens = 0;
  #currentStep: {
    seq: number;
    tokens: string[];
    promptTokens: number;
    completionTokens: number;
  } | null = null;
  #attemptText: string[] = [];
  /**
   * Step rows not written yet (their events are in #pending, in id order): the next statement
   * of the event-write chain (the next step's open, a flush, the finish) writes them.
   */
  #opening: StepOpen | null = null;
  #closing: StepClose | null = null;
  /**
   * True in the event-loop turn in which the claim's result arrived (the worker constructs a
   * run at once): no I/O since the claim read the task's cancel flag and took the lease.
   */
  #claimTurn = true;

  constructor(deps: ExecutorDeps, task: ClaimedTask) {
    this.#deps = deps;
    this.task = task;
    this.#promptTokens = task.promptTokens;
    this.#completionTokens = task.completionTokens;
    this.#logger = deps.logger.child({ taskId: task.id, attempt: task.attempt });
    setImmediate(() => (this.#claimTurn = false));
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the run for `reason` (the first reason wins) and aborts whatever is in flight. */
  stop(reason: StopReason): void {
    if (this.#reason) return;
    this.#reason = reason;
    if (reason === 'lease_lost') this.#leaseLost = true;
    this.#controller.abort(new TaskStopped(reason));
  }

  async execute(): Promise<void> {
    const { runtime } = this.#deps;
    const { task } = this;
    const timers = this.#startTimers();
    try {
      // The claim stored the `running` event and the `task.start` audit row: announce the event.
      this.#nextEventId = task.startEvent.id;
      this.#publish([
        {
          id: task.startEvent.id,
          payload: { type: 'status', status: 'running', attempt: task.startEvent.attempt },
          at: task.startEvent.at,
        },
      ]);
      if (task.resumed) await this.#load();
      if (task.cancelRequested) this.stop('cancel');
      const agent = await runtime.agents.resolve(task.agent, task.userId);
      this.#throwIfStopped();
      const output = await agent.run(this.#context(), agent.inputSchema.parse(task.input));
      this.#throwIfStopped();
      await this.#finish('succeeded', { output: agent.outputSchema.parse(output) });
    } catch (error) {
      await this.#settleFailure(error);
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  }

  async #settleFailure(error: unknown): Promise<void> {
    const partial =
      this.#attemptText.length > 0 ? { partial: true, text: this.#attemptText.join('') } : null;
    switch (this.#reason) {
      case 'lease_lost':
        this.#logger.warn('lease lost; leaving the task to its new holder');
        return;
      case 'shutdown':
        await this.#release();
        return;
      case 'cancel':
        await this.#finish('cancelled', {
          output: partial,
          error: { code: 'cancelled', message: 'Cancelled while running; partial output kept.' },
        });
        return;
      case 'timeout':
        await this.#finish('timed_out', {
          output: partial,
          error: {
            code: 'timeout',
            message: `The task ran longer than its ${Math.round(this.task.timeoutMs / 1000)} s limit.`,
          },
        });
        return;
      case 'token_budget':
      case 'step_budget':
        await this.#finish('failed', {
          output: partial,
          error: budgetError(this.#reason, this.#deps),
        });
        return;
      default: {
        const code = error instanceof LlmError ? `llm_${error.code}` : 'agent_error';
        const message = error instanceof Error ? error.message : 'The agent failed.';
        this.#logger.warn({ err: error }, 'task failed');
        await this.#finish('failed', { output: partial, error: { code, message } });
      }
    }
  }

  #context(): AgentRunContext {
    return {
      taskId: this.task.id,
      userId: this.task.userId,
      attempt: this.task.attempt,
      signal: this.signal,
      db: this.#deps.db,
      llm: this.#deps.runtime.llm,
      logger: this.#logger,
      emit: (event) => this.#emitFromAgent(event),
      step: (spec, fn) => this.#step(spec, fn),
    };
  }

  /** A resumed task: what earlier attempts completed (checkpoints) and left running. */
  async #load(): Promise<void> {
    const { db } = this.#deps;
    const id = this.task.id;
    const runs = await db
      .selectFrom('runs')
      .selectAll()
      .where('task_id', '=', id)
      .orderBy('seq')
      .execute();
    this.#nextSeq = runs.at(-1)?.seq ?? 0;
    const seen = new Map<string, number>();
    for (const run of runs) {
      const key = `${run.kind}:${run.name}`;
      const occurrence = seen.get(key) ?? 0;
      if (run.status !== 'succeeded') continue;
      seen.set(key, occurrence + 1);
      this.#checkpoints.set(`${key}#${occurrence}`, run.output);
    }
    // Steps a dead worker left running will never finish: say so.
    if (runs.some((run) => run.status === 'running')) {
      await sql`
        update runs set status = 'failed', error = 'The worker running this step stopped responding.', finished_at = now()
        where task_id = ${id} and status = 'running' and ${fencedBy(id, this.task.fencingToken)}
      `.execute(db);
    }
  }

  #startTimers(): NodeJS.Timeout[] {
    const { db, runtime } = this.#deps;
    const { leaseMs } = runtime.config;
    let lastBeat = Date.now();
    const beat = setInterval(
      () => {
        heartbeat(db, this.task.id, this.task.fencingToken, leaseMs).then(
          ({ held, cancelRequested }) => {
            lastBeat = Date.now();
            if (!held) this.stop('lease_lost');
            else if (cancelRequested) this.stop('cancel');
          },
          (error: unknown) => {
            this.#logger.warn({ err: error }, 'heartbeat failed');
            if (Date.now() - lastBeat > leaseMs) this.stop('lease_lost');
          },
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    const deadline = setTimeout(
      () => this.stop('timeout'),
      Math.max(0, this.task.deadlineAt.getTime() - Date.now()),
    );
    return [beat, deadline];
  }

  #throwIfStopped(): void {
    if (this.#reason) throw new TaskStopped(this.#reason);
  }

  async #emitFromAgent(event: AgentEvent): Promise<void> {
    this.#throwIfStopped();
    if (event.type === 'token') {
      this.#currentStep?.tokens.push(event.text);
      this.#attemptText.push(event.text);
      this.#emit(this.#currentStep ? { ...event, step: this.#currentStep.seq } : event);
    } else {
      this.#emit(event);
    }
    if (this.#pending.length > MAX_PENDING_EVENTS) {
      this.#chainFlush();
      await this.#flushing;
    }
  }

  #emit(payload: TaskEventPayload): void {
    if (this.#leaseLost) throw new TaskStopped('lease_lost');
    if (this.#logClosed) throw new Error('The task has ended; its event log is closed.');
    this.#pending.push({ id: ++this.#nextEventId, payload, at: new Date() });
    this.#scheduleFlush();
  }

  /**
   * Flushes at the end of this event-loop turn (setImmediate, no timer): events emitted
   * together (a step's citations, the tokens of one network read) and a step boundary right
   * after them share one statement.
   */
  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    this.#flushTimer = setImmediate(() => this.#chainFlush());
  }

  /** Puts a scheduled flush on the event-write chain now. */
  #chainFlush(): void {
    if (!this.#flushTimer) return;
    clearImmediate(this.#flushTimer);
    this.#flushTimer = null;
    this.#flushing = this.#flushing.then(() => this.#flush());
  }

  /** Buffered events and the step rows that go with them, taken for one statement. */
  #takeBuffered(): Buffered {
    const taken = {
      events: this.#pending.splice(0),
      opening: this.#opening,
      closing: this.#closing,
    };
    this.#opening = null;
    this.#closing = null;
    return taken;
  }

  /** Puts back what a statement that failed had taken, ahead of anything buffered since. */
  #restoreBuffered(taken: Buffered): void {
    this.#pending.unshift(...taken.events);
    this.#opening = taken.opening ?? this.#opening;
    this.#closing = taken.closing ?? this.#closing;
  }

  /** Writes buffered events in one statement, then publishes them; batches form naturally under load. */
  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    let written: PendingEvent[] | null = null;
    try {
      written = await this.#writeBuffered();
    } catch (error) {
      this.#logger.warn({ err: error }, 'could not write task events');
    }
    if (written === null) {
      this.stop('lease_lost');
      return;
    }
    if (written.length > 0) await this.#announce(written);
  }

  /**
   * Stores what is buffered (events and step rows) in one fenced statement. Returns the events
   * stored, or null when fenced out (nothing stored). On an error nothing is stored and the
   * buffer is put back.
   */
  async #writeBuffered(): Promise<PendingEvent[] | null> {
    const taken = this.#takeBuffered();
    if (this.#leaseLost) return null;
    if (taken.events.length === 0) return [];
    const { id, fencingToken } = this.task;
    if (!taken.opening && !taken.closing) {
      const stored = await insertFencedEvents(this.#deps.db, id, fencingToken, taken.events).catch(
        (error: unknown) => {
          this.#restoreBuffered(taken);
          throw error;
        },
      );
      return stored ? taken.events : null;
    }
    const ctes = [
      sql`holder as (select id from tasks where id = ${id} and fencing_token = ${fencingToken} for share)`,
      ...stepRowWrites(id, this.task.attempt, taken, 'holder'),
      ...eventWrites('events', id, taken.events, 'holder'),
    ];
    const result = await sql<{ held: number }>`
      with ${sql.join(ctes)}
      select count(*)::int as held from holder
    `
      .execute(this.#deps.db)
      .catch((error: unknown) => {
        this.#restoreBuffered(taken);
        throw error;
      });
    return result.rows[0]?.held === 1 ? taken.events : null;
  }

  /** Publishes stored events; bus delivery only, so a failure costs latency, never an event. */
  async #announce(batch: PendingEvent[]): Promise<void> {
    await this.#deps.runtime.bus
      .publish(this.task.id, toEvents(this.task.id, batch))
      .catch((error: unknown) => {
        this.#logger.warn({ err: error }, 'could not publish task events');
      });
  }

  /** Publishes events another statement stored, in order after every batch before them. */
  #publish(batch: PendingEvent[]): void {
    this.#flushing = this.#flushing.then(() => this.#announce(batch));
  }

  async #drain(): Promise<void> {
    while (this.#flushScheduled || this.#pending.length > 0) {
      this.#scheduleFlush();
      this.#chainFlush();
      await this.#flushing;
    }
    await this.#flushing;
  }

  async #step<TResult>(
    spec: StepSpec,
    fn: (scope: StepScope) => Promise<TResult>,
  ): Promise<TResult> {
    const key = `${spec.kind}:${spec.name}`;
    const occurrence = this.#occurrences.get(key) ?? 0;
    this.#occurrences.set(key, occurrence + 1);
    const checkpoint = `${key}#${occurrence}`;
    if (this.#checkpoints.has(checkpoint)) return this.#checkpoints.get(checkpoint) as TResult;

    const maxSteps = this.#deps.runtime.config.maxStepsPerTask;
    if (maxSteps !== null && this.#nextSeq >= maxSteps) this.stop('step_budget');
    this.#throwIfStopped();
    const seq = this.#nextSeq + 1;
    if (this.#claimTurn && !this.#opening && !this.#closing) {
      // No I/O since the claim checked the lease and a stored cancel: a statement now would
      // only check them again. The step's first write stores its row and `step.started`.
      this.#openQuietly(spec, seq);
    } else {
      await this.#inOrder(() => this.#openStep(spec, seq));
      this.#throwIfStopped();
    }
    this.#nextSeq = seq;
    const step = { seq, tokens: [] as string[], promptTokens: 0, completionTokens: 0 };
    this.#currentStep = step;
    const started = performance.now();
    const scope: StepScope = {
      seq,
      signal: this.signal,
      recordUsage: async (usage) => {
        step.promptTokens += usage.promptTokens;
        step.completionTokens += usage.completionTokens;
        this.#promptTokens += usage.promptTokens;
        this.#completionTokens += usage.completionTokens;
        this.#emit({ type: 'usage', ...usage });
        const maxTokens = this.#deps.runtime.config.maxTokensPerTask;
        if (maxTokens !== null && this.#promptTokens + this.#completionTokens > maxTokens)
          this.stop('token_budget');
      },
    };
    try {
      const result = await fn(scope);
      this.#throwIfStopped();
      this.#deferClose(step, result, Math.round(performance.now() - started));
      return result;
    } catch (error) {
      if (this.#leaseLost) throw error;
      const status = this.#reason === 'cancel' ? 'cancelled' : 'failed';
      const message =
        this.#reason === 'cancel'
          ? 'Cancelled.'
          : this.#reason === 'timeout'
            ? 'Timed out.'
            : error instanceof Error
              ? error.message
              : String(error);
      const partial = step.tokens.length > 0 ? { partialText: step.tokens.join('') } : null;
      const durationMs = Math.round(performance.now() - started);
      await this.#inOrder(() => this.#closeStep(step, status, partial, message, durationMs)).catch(
        () => undefined,
      );
      throw error;
    } finally {
      this.#currentStep = null;
    }
  }

  /**
   * Runs `write` as the next link of the event-write chain; the events it stored are published
   * before any later link runs, but the caller only waits for the write (and gets its errors).
   */
  #inOrder(write: () => Promise<PendingEvent[] | null>): Promise<void> {
    const stored = this.#flushing.then(write);
    this.#flushing = stored.then(
      (events) => (events ? this.#announce(events) : undefined),
      () => undefined,
    );
    return stored.then(() => undefined);
  }

  /** Opens step `seq` without a statement: its row and event wait for the next write. */
  #openQuietly(spec: StepSpec, seq: number): void {
    const at = new Date();
    this.#pending.push({
      id: ++this.#nextEventId,
      payload: { type: 'step.started', seq, kind: spec.kind, name: spec.name },
      at,
    });
    this.#opening = {
      seq,
      kind: spec.kind,
      name: spec.name,
      input: spec.input === undefined ? null : JSON.stringify(spec.input),
      startedAt: at,
    };
    setTimeout(() => {
      if (this.#opening?.seq === seq && !this.#logClosed) this.#scheduleFlush();
    }, QUIET_OPEN_MS).unref();
  }

  /**
   * Records the start of step `seq` with its `step.started` event in one statement (a link of
   * the event-write chain, so ids still commit in order), together with whatever is buffered:
   * events, and the previous step's rows. It checks the lease (FOR SHARE waits out a concurrent
   * re-claim) and a stored cancel; a lost lease writes nothing, a cancel writes the buffered
   * part only. The `step.started` id of a step not opened is given back, so the log keeps no
   * gap.
   */
  async #openStep(spec: StepSpec, seq: number): Promise<PendingEvent[] | null> {
    const taken = this.#takeBuffered();
    if (this.#leaseLost) return null;
    const { id, fencingToken } = this.task;
    const started: PendingEvent = {
      id: ++this.#nextEventId,
      payload: { type: 'step.started', seq, kind: spec.kind, name: spec.name },
      at: new Date(),
    };
    let holder: { cancelled: boolean } | undefined;
    try {
      const ctes = [
        sql`holder as (
          select cancel_requested_at from tasks
          where id = ${id} and fencing_token = ${fencingToken}
          for share
        )`,
        ...stepRowWrites(id, this.task.attempt, taken, 'holder'),
        ...eventWrites('buffered', id, taken.events, 'holder'),
        sql`step as (
          insert into runs (task_id, seq, attempt, kind, name, status, input, started_at)
          select ${id}::uuid, ${seq}, ${this.task.attempt}, ${spec.kind}, ${spec.name}, 'running',
            ${spec.input === undefined ? null : JSON.stringify(spec.input)}::jsonb, now()
          from holder where holder.cancel_requested_at is null
          returning task_id
        )`,
        sql`event as (
          insert into task_events (task_id, id, type, data, created_at)
          select step.task_id, v.id, v.type, v.data, v.created_at
          from step, (values ${eventValues([started])}) as v(id, type, data, created_at)
        )`,
      ];
      const result = await sql<{ cancelled: boolean }>`
        with ${sql.join(ctes)}
        select cancel_requested_at is not null as cancelled from holder
      `.execute(this.#deps.db);
      holder = result.rows[0];
    } catch (error) {
      // Nothing was stored: what was buffered waits for the next write.
      this.#restoreBuffered(taken);
      throw error;
    } finally {
      // Not stored (an error, a lost lease, a cancel): give the id back, so the log has no gap.
      if ((!holder || holder.cancelled) && this.#nextEventId === started.id) {
        this.#nextEventId -= 1;
      }
    }
    if (!holder) {
      this.stop('lease_lost');
      return null;
    }
    if (!holder.cancelled) return [...taken.events, started];
    this.stop('cancel');
    return taken.events;
  }

  /**
   * A step that succeeded: its `step.finished` event joins the buffered events and its `runs`
   * row is written by the next statement of the event-write chain, which usually has to run
   * anyway (the next step's open, the finish): one round trip fewer per step. If the agent
   * goes on to wait for something else first, a flush writes it meanwhile.
   */
  #deferClose(
    step: { seq: number; promptTokens: number; completionTokens: number },
    result: unknown,
    durationMs: number,
  ): void {
    if (this.#leaseLost) throw new TaskStopped('lease_lost');
    const at = new Date();
    this.#pending.push({
      id: ++this.#nextEventId,
      payload: { type: 'step.finished', seq: step.seq, status: 'succeeded', durationMs },
      at,
    });
    this.#closing = {
      seq: step.seq,
      status: 'succeeded',
      // Serialised now: the agent may go on to change the object it returned.
      output: result === undefined || result === null ? null : JSON.stringify(result),
      error: null,
      promptTokens: step.promptTokens,
      completionTokens: step.completionTokens,
      finishedAt: at,
    };
    setImmediate(() => {
      if (this.#closing?.seq === step.seq && !this.#logClosed) this.#scheduleFlush();
    });
  }

  /**
   * Records the end of a failed or cancelled step with its `step.finished` event (and whatever
   * is buffered) in one statement, a link of the event-write chain. Writes nothing once the
   * lease is lost.
   */
  async #closeStep(
    step: { seq: number; promptTokens: number; completionTokens: number },
    status: 'failed' | 'cancelled',
    output: unknown,
    error: string,
    durationMs: number,
  ): Promise<PendingEvent[] | null> {
    // A close of an earlier step still buffered is written first (an open normally takes it).
    if (this.#closing) {
      const earlier = await this.#writeBuffered();
      if (earlier === null) {
        this.stop('lease_lost');
        return null;
      }
      await this.#announce(earlier);
    }
    if (this.#leaseLost) return null;
    const at = new Date();
    const finished: PendingEvent = {
      id: ++this.#nextEventId,
      payload: { type: 'step.finished', seq: step.seq, status, durationMs, error },
      at,
    };
    this.#pending.push(finished);
    this.#closing = {
      seq: step.seq,
      status,
      output: output === null ? null : JSON.stringify(output),
      error,
      promptTokens: step.promptTokens,
      completionTokens: step.completionTokens,
      finishedAt: at,
    };
    let stored: PendingEvent[] | null;
    try {
      stored = await this.#writeBuffered();
    } catch (failure) {
      // Nothing was stored: the buffered events wait for the next write, the id is given back.
      this.#pending = this.#pending.filter((event) => event !== finished);
      if (this.#closing?.seq === step.seq) this.#closing = null;
      if (this.#nextEventId === finished.id) this.#nextEventId -= 1;
      throw failure;
    }
    if (stored === null) this.stop('lease_lost');
    return stored;
  }

  /**
   * The single terminal transition: status, output, the terminal events (with any events still
   * buffered) and the audit row commit together, in one statement.
   */
  async #finish(
    status: TerminalTaskStatus,
    result: { output?: unknown; error?: { code: string; message: string } },
  ): Promise<void> {
    const taken = await this.#closeLog();
    const buffered = taken.events;
    if (this.#leaseLost) return;
    const id = this.task.id;
    const error = result.error ?? null;
    const output = result.output ?? null;
    const pending: PendingEvent[] = [
      ...buffered,
      {
        id: ++this.#nextEventId,
        payload: { type: 'status', status, attempt: this.task.attempt },
        at: new Date(),
      },
      {
        id: ++this.#nextEventId,
        payload: { type: 'terminal', status, error, output },
        at: new Date(),
      },
    ];
    const terminalId = this.#nextEventId;
    const part: StatementPart = (suffix) => {
      const guard = `finished${suffix}`;
      return {
        ctes: [
          sql`${sql.table(guard)} as (
            update tasks set
              status = ${status},
              output = ${output === null ? null : JSON.stringify(output)}::jsonb,
              error_code = ${error?.code ?? null},
              error_message = ${error?.message ?? null},
              finished_at = now(),
              lease_owner = null,
              lease_expires_at = null,
              prompt_tokens = ${this.#promptTokens},
              completion_tokens = ${this.#completionTokens},
              updated_at = now()
            where id = ${id} and fencing_token = ${this.task.fencingToken} and status = 'running'
            returning id
          )`,
          ...stepRowWrites(id, this.task.attempt, taken, guard, suffix),
          ...eventWrites(`events${suffix}`, id, pending, guard),
          sql`${sql.table(`audit${suffix}`)} as (${auditTaskRow(guard, {
            action: `task.${status}`,
            outcome: status === 'succeeded' ? 'success' : 'failure',
            actor: { type: 'system' },
            metadata: { attempt: this.task.attempt, errorCode: error?.code ?? null },
          })})`,
        ],
        counted: guard,
      };
    };
    // Tasks of this worker finishing together commit together (see StatementBatcher).
    const finished = await (this.#deps.finisher ?? new StatementBatcher(this.#deps.db))
      .submit(part)
      .catch((failure: unknown) => {
        // Nothing was stored: a second attempt (settleFailure) writes the buffered events too.
        this.#restoreBuffered(taken);
        if (this.#nextEventId === terminalId) this.#nextEventId -= 2;
        throw failure;
      });
    if (finished !== 1) {
      this.#leaseLost = true;
      return;
    }
    await this.#announce(pending);
  }

  /**
   * Ends the event log of this attempt: later emits throw. Returns the events no flush has
   * taken yet, once every batch a flush did take is stored (so ids commit in order).
   */
  async #closeLog(): Promise<Buffered> {
    this.#logClosed = true;
    const taken = this.#takeBuffered();
    await this.#flushing;
    return taken;
  }

  /** Graceful shutdown: hand the task back to the queue without counting the attempt. */
  async #release(): Promise<void> {
    await this.#drain();
    if (this.#leaseLost) return;
    const { db, runtime } = this.#deps;
    const pending: PendingEvent[] = [
      {
        id: ++this.#nextEventId,
        payload: {
          type: 'status',
          status: 'queued',
          attempt: this.task.attempt - 1,
          reason: 'worker_shutdown',
        },
        at: new Date(),
      },
    ];
    const released = await db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('tasks')
        .set((eb) => ({
          status: 'queued',
          lease_owner: null,
          lease_expires_at: null,
          attempt: eb('attempt', '-', 1),
          fencing_token: eb('fencing_token', '+', 1),
          prompt_tokens: this.#promptTokens,
          completion_tokens: this.#completionTokens,
          updated_at: sql`now()`,
        }))
        .where('id', '=', this.task.id)
        .where('fencing_token', '=', this.task.fencingToken)
        .where('status', '=', 'running')
        .returning('id')
        .executeTakeFirst();
      if (!updated) return false;
      await insertFencedEvents(trx, this.task.id, null, pending);
      return true;
    });
    if (released) {
      await runtime.bus
        .publish(this.task.id, toEvents(this.task.id, pending))
        .catch(() => undefined);
      await runtime.notifier.notify().catch(() => undefined);
    }
  }
}

/** The terminal error of a task stopped by its budget (TASK_MAX_TOKENS, TASK_MAX_STEPS). */
function budgetError(reason: 'token_budget' | 'step_budget', deps: ExecutorDeps) {
  const { maxTokensPerTask, maxStepsPerTask } = deps.runtime.config;
  return reason === 'token_budget'
    ? {
        code: 'token_budget_exceeded',
        message: `The task used more than its budget of ${String(maxTokensPerTask)} model tokens.`,
      }
    : {
        code: 'step_budget_exceeded',
        message: `The task needed more than its budget of ${String(maxStepsPerTask)} steps.`,
      };
}
