import { Link } from 'react-router';
import { Button, buttonClass } from '../../components/button';
import { TasksIcon } from '../../components/icons';
import { EmptyState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { useNow } from '../../lib/time';
import { formatDuration, formatTokens, questionOf, taskDurationMs } from '../../tasks/task-format';
import type { TaskItem } from '../../tasks/task-types';
import { useAgentName } from '../../tasks/use-agent-name';
import { TaskStatusBadge } from './task-status-badge';

/** One row per task: agent, question, status, when, how long, how many tokens. */
export function TaskList({ tasks, live }: { tasks: TaskItem[]; live: boolean }) {
  // Running durations tick while something runs; otherwise a minute is fine for "5 min ago".
  const now = useNow(live ? 1_000 : 60_000);
  const nameOf = useAgentName();
  return (
    <ul className="task-list">
      {tasks.map((task) => {
        const duration = taskDurationMs(task, now);
        const tokens = task.usage.promptTokens + task.usage.completionTokens;
        return (
          <li key={task.id} className="task-row">
            <div className="task-row__main">
              <Link to={`/tasks/${task.id}`} className="task-row__link">
                {nameOf(task.agent)}
              </Link>
              <p className="task-row__question">{questionOf(task.input)}</p>
            </div>
            <TaskStatusBadge status={task.status} />
            <dl className="task-row__meta">
              <div>
                <dt>Created</dt>
                <dd>
                  <RelativeTime iso={task.createdAt} now={now} />
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>{duration === null ? '—' : formatDuration(duration)}</dd>
              </div>
              <div>
                <dt>Tokens</dt>
                <dd>{formatTokens(tokens)}</dd>
              </div>
            </dl>
          </li>
        );
      })}
    </ul>
  );
}

/** Nothing to list: say why, and how to get tasks. */
export function NoTasks({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (filtered) {
    return (
      <EmptyState icon={<TasksIcon size={22} />} title="No tasks with this status">
        <p>Nothing matches the filter you chose.</p>
        <Button variant="secondary" size="sm" onClick={onClear}>
          Show all tasks
        </Button>
      </EmptyState>
    );
  }
  return (
    <EmptyState icon={<TasksIcon size={22} />} title="No tasks yet">
      <p>Ask the Guide or the Domain Specialist something; each answer shows up here as a task.</p>
      <div className="state__actions">
        <Link to="/agents/guide" className={buttonClass('primary', 'sm')}>
          Ask the Guide
        </Link>
        <Link to="/agents/specialist" className={buttonClass('secondary', 'sm')}>
          Ask the Specialist
        </Link>
      </div>
    </EmptyState>
  );
}

export function TaskListSkeleton() {
  return (
    <div className="task-list">
      <span className="visually-hidden" role="status">
        Loading your tasks…
      </span>
      {[0, 1, 2].map((row) => (
        <div key={row} className="task-row task-row--skeleton" aria-hidden="true">
          <Skeleton width="30%" height="1.1rem" />
          <Skeleton width="70%" />
          <Skeleton width="50%" />
        </div>
      ))}
    </div>
  );
}
