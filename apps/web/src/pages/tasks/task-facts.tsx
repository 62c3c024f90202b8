import type { TaskStatus } from '@capecontrol/schema';
import { Link } from 'react-router';
import { formatTimestamp } from '../../lib/time';
import { formatCount, formatDuration, formatTokens, taskDurationMs } from '../../tasks/task-format';
import type { TaskItem } from '../../tasks/task-types';
import type { TaskView } from '../../tasks/task-view';

/** When the task ran, how long, with how many tokens and attempts. */
export function TaskFacts({
  task,
  view,
  status,
  nowMs,
}: {
  task: TaskItem;
  view: TaskView;
  status: TaskStatus;
  nowMs: number;
}) {
  // While it runs the record lags behind the stream; take whichever knows more.
  const attempt = Math.max(task.attempt, view.attempt);
  const promptTokens = Math.max(task.usage.promptTokens, view.promptTokens);
  const completionTokens = Math.max(task.usage.completionTokens, view.completionTokens);
  const duration = taskDurationMs(task, nowMs);

  return (
    <dl className="card facts task-facts">
      <div>
        <dt>Attempt</dt>
        <dd>
          {attempt} of {task.maxAttempts}
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>
          <Moment iso={task.createdAt} />
        </dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>
          {task.startedAt ? <Moment iso={task.startedAt} /> : status === 'queued' ? 'Not yet' : '—'}
        </dd>
      </div>
      <div>
        <dt>Finished</dt>
        <dd>{task.finishedAt ? <Moment iso={task.finishedAt} /> : '—'}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {formatTokens(promptTokens + completionTokens)}
          {promptTokens + completionTokens > 0 && (
            <span className="muted">
              {' '}
              ({formatCount(promptTokens)} in, {formatCount(completionTokens)} out)
            </span>
          )}
        </dd>
      </div>
      <div className="task-facts__id">
        <dt>Task id</dt>
        <dd>
          <code>{task.id}</code>
        </dd>
      </div>
      {task.retryOf && (
        <div>
          <dt>Retry of</dt>
          <dd>
            <Link to={`/tasks/${task.retryOf}`}>{task.retryOf.slice(0, 8)}</Link>
          </dd>
        </div>
      )}
    </dl>
  );
}

function Moment({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatTimestamp(iso)}</time>;
}
