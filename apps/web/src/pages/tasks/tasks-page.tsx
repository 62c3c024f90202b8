import { taskStatuses, type TaskStatus } from '@capecontrol/schema';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { Button } from '../../components/button';
import { PageTitle } from '../../components/page-title';
import { ErrorState } from '../../components/states';
import { statusesFromQuery, statusesToQuery, toggleStatus } from '../../tasks/status-filter';
import { isActiveStatus, STATUS_LABELS } from '../../tasks/task-format';
import { NoTasks, TaskList, TaskListSkeleton } from './task-list';
import { useTaskPages } from './use-task-pages';

export function TasksPage() {
  const [params, setParams] = useSearchParams();
  const statuses = statusesFromQuery(params.get('status'));
  const tasks = useTaskPages(statuses);
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  const live = items.some((task) => isActiveStatus(task.status));

  const setStatuses = (next: TaskStatus[]) => {
    const value = statusesToQuery(next);
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        if (value) updated.set('status', value);
        else updated.delete('status');
        return updated;
      },
      { replace: true, preventScrollReset: true },
    );
  };

  return (
    <div className="container page">
      <PageTitle title="Tasks" />
      <header className="page-header">
        <p className="eyebrow">Activity</p>
        <h1 tabIndex={-1}>Tasks</h1>
        <p className="page-header__lede">
          Every question you ask an agent runs as a task. Follow them live, open one to see its
          steps, and cancel or retry it.
        </p>
      </header>

      <div className="filters" role="group" aria-label="Filter by status">
        <button
          type="button"
          className="filter-chip"
          aria-pressed={statuses.length === 0}
          onClick={() => setStatuses([])}
        >
          All
        </button>
        {taskStatuses.map((status) => (
          <button
            key={status}
            type="button"
            className="filter-chip"
            aria-pressed={statuses.includes(status)}
            onClick={() => setStatuses(toggleStatus(statuses, status))}
          >
            {STATUS_LABELS[status]}
          </button>
        ))}
      </div>

      <section
        className="task-list-section"
        aria-labelledby="task-list-heading"
        aria-busy={tasks.isPending}
      >
        <div className="task-list__header">
          <h2 id="task-list-heading" className="visually-hidden">
            Your tasks
          </h2>
          {live && (
            <p className="live-note">
              <span className="live-note__dot" aria-hidden="true" />
              Updating live
            </p>
          )}
        </div>
        {tasks.isPending ? (
          <TaskListSkeleton />
        ) : tasks.isError && !tasks.data ? (
          <ErrorState
            title="Couldn't load your tasks"
            message={errorMessage(tasks.error)}
            onRetry={() => void tasks.refetch()}
            retrying={tasks.isFetching}
          />
        ) : items.length === 0 ? (
          <NoTasks filtered={statuses.length > 0} onClear={() => setStatuses([])} />
        ) : (
          <>
            <TaskList tasks={items} live={live} />
            <div className="task-list__more">
              <p className="muted" role="status">
                Showing {items.length} {items.length === 1 ? 'task' : 'tasks'}
                {tasks.hasNextPage ? '' : ' — that’s all of them'}
              </p>
              {tasks.hasNextPage && (
                <Button
                  variant="secondary"
                  onClick={() => void tasks.fetchNextPage()}
                  pending={tasks.isFetchingNextPage}
                  pendingLabel="Loading more…"
                >
                  Load more
                </Button>
              )}
              {tasks.isError && (
                <p className="field__error" role="alert">
                  {tasks.isFetchNextPageError
                    ? `Couldn't load more. ${errorMessage(tasks.error)}`
                    : `Couldn't refresh the list. ${errorMessage(tasks.error)}`}
                </p>
              )}
            </div>
          </>
        )}
      </section>
    </div>
  );
}
