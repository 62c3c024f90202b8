import type { TaskStatus } from '@capecontrol/schema';
import { STATUS_LABELS } from '../../tasks/task-format';

/** A task's status in words and colour (never colour alone). */
export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={`badge badge--status badge--${status}`}>
      <span className="visually-hidden">Status: </span>
      {STATUS_LABELS[status]}
    </span>
  );
}
