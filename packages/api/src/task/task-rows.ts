import type { DB, Runs, Tasks } from '@capecontrol/db';
import type { Step, Task, TaskWithSteps } from '@capecontrol/schema';
import { taskStatusSchema, stepKindSchema, stepStatusSchema } from '@capecontrol/schema';
import { sql, type Kysely, type Selectable } from 'kysely';

export type TaskRow = Selectable<Tasks> & { last_event_id: number };

/** Task columns plus its last event id, for building DTOs. */
export function selectTasks(db: Kysely<DB>) {
  return db
    .selectFrom('tasks')
    .selectAll('tasks')
    .select(
      sql<number>`coalesce((select max(e.id) from task_events e where e.task_id = tasks.id), 0)`.as(
        'last_event_id',
      ),
    );
}

export function toTaskDto(row: TaskRow): Task {
  return {
    id: row.id,
    agent: row.agent,
    status: taskStatusSchema.parse(row.status),
    input: row.input,
    output: row.output ?? null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    timeoutMs: row.timeout_ms,
    cancelRequested: row.cancel_requested_at !== null,
    retryOf: row.retry_of,
    usage: { promptTokens: row.prompt_tokens, completionTokens: row.completion_tokens },
    lastEventId: Number(row.last_event_id),
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export function toStepDto(row: Selectable<Runs>): Step {
  return {
    seq: row.seq,
    attempt: row.attempt,
    kind: stepKindSchema.parse(row.kind),
    name: row.name,
    status: stepStatusSchema.parse(row.status),
    input: row.input ?? null,
    output: row.output ?? null,
    error: row.error,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationMs: row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
  };
}

export function withSteps(task: Task, steps: Array<Selectable<Runs>>): TaskWithSteps {
  return { ...task, steps: steps.map(toStepDto) };
}
