import { taskStatuses, type TaskStatus } from '@capecontrol/schema';

/** The statuses chosen in the address (`?status=failed,timed_out`), in canonical order. */
export function statusesFromQuery(value: string | null): TaskStatus[] {
  if (!value) return [];
  const chosen = new Set(value.split(',').map((part) => part.trim()));
  return taskStatuses.filter((status) => chosen.has(status));
}

/** The query value for a set of statuses; null for "all". */
export function statusesToQuery(statuses: readonly TaskStatus[]): string | null {
  const ordered = taskStatuses.filter((status) => statuses.includes(status));
  return ordered.length > 0 ? ordered.join(',') : null;
}

export function toggleStatus(statuses: readonly TaskStatus[], status: TaskStatus): TaskStatus[] {
  return statuses.includes(status)
    ? statuses.filter((item) => item !== status)
    : taskStatuses.filter((item) => item === status || statuses.includes(item));
}
