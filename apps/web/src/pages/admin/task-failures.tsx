import type { TaskFailure } from '@capecontrol/schema';
import { useState } from 'react';
import { errorCode, errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { CheckIcon, RetryIcon } from '../../components/icons';
import { DataTable } from '../../components/data-table';
import { EmptyState, ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { useToast } from '../../components/toast';
import { useNow } from '../../lib/time';
import { shortId } from '../../operations/queue-health';
import { agentName } from '../../tasks/task-format';
import { TaskStatusBadge } from '../tasks/task-status-badge';

const PAGE_SIZE = 20;

/** Every user's failed and timed-out tasks, newest first, each with a re-drive button. */
export function TaskFailures({ refetchInterval }: { refetchInterval: number | false }) {
  const failures = trpc.admin.tasks.failures.useInfiniteQuery(
    { limit: PAGE_SIZE },
    { getNextPageParam: (page) => page.nextCursor, refetchInterval },
  );
  const [redriving, setRedriving] = useState<TaskFailure | null>(null);
  const now = useNow(30_000);
  const items = failures.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="section" aria-labelledby="failures-heading" aria-busy={failures.isPending}>
      <div className="section__header">
        <h2 id="failures-heading">Recent failures</h2>
        <p className="section__lede">
          Failed and timed-out tasks of every user, most recent first. Re-driving runs the task
          again for its owner with the same agent and input.
        </p>
      </div>
      {failures.isPending ? (
        <div className="card" aria-hidden="true">
          <span className="visually-hidden" role="status">
            Loading the failures…
          </span>
          <Skeleton width="80%" />
          <Skeleton width="65%" />
          <Skeleton width="75%" />
        </div>
      ) : failures.isError && !failures.data ? (
        <ErrorState
          title="Couldn't load the failures"
          message={errorMessage(failures.error)}
          onRetry={() => void failures.refetch()}
          retrying={failures.isFetching}
        />
      ) : items.length === 0 ? (
        <EmptyState icon={<CheckIcon size={22} />} title="No failed tasks">
          <p>No task has failed or timed out. Failures appear here as they happen.</p>
        </EmptyState>
      ) : (
        <>
          <DataTable
            label="Recent failures"
            className="operations-failures"
            columns={[
              { label: 'Task' },
              { label: 'Owner' },
              { label: 'Error' },
              { label: 'Attempts', numeric: true },
              { label: 'Ended' },
              { label: 'Actions', hidden: true },
            ]}
          >
            {items.map((task) => (
              <tr key={task.id} data-task-id={task.id}>
                <th scope="row">
                  <span className="operations-failures__agent">{agentName(task.agent)}</span>
                  <span className="operations-failures__meta">
                    <code title={task.id}>{shortId(task.id)}</code>{' '}
                    <TaskStatusBadge status={task.status} />
                  </span>
                </th>
                <td>
                  <span className="operations-failures__owner">{task.owner.displayName}</span>
                  <span className="operations-failures__meta">{task.owner.email}</span>
                </td>
                <td className="operations-failures__error">
                  {task.error ? (
                    <>
                      <code>{task.error.code}</code> {task.error.message}
                    </>
                  ) : (
                    <span className="muted">No error recorded</span>
                  )}
                </td>
                <td className="table__number">
                  {task.attempt}/{task.maxAttempts}
                </td>
                <td>{task.finishedAt ? <RelativeTime iso={task.finishedAt} now={now} /> : '—'}</td>
                <td>
                  <div className="row-actions">
                    {task.retriedAs && (
                      <span className="operations-failures__retried">
                        Retried as{' '}
                        <code title={task.retriedAs.id}>{shortId(task.retriedAs.id)}</code>{' '}
                        <TaskStatusBadge status={task.retriedAs.status} />
                      </span>
                    )}
                    <Button
                      variant={task.retriedAs ? 'secondary' : 'primary'}
                      size="sm"
                      onClick={() => setRedriving(task)}
                    >
                      <RetryIcon />
                      {task.retriedAs ? 'Re-drive again' : 'Re-drive'}
                      <span className="visually-hidden">
                        {' '}
                        {agentName(task.agent)} task {shortId(task.id)} of {task.owner.email}
                      </span>
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
          {failures.hasNextPage && (
            <div className="state__actions">
              <Button
                variant="secondary"
                onClick={() => void failures.fetchNextPage()}
                pending={failures.isFetchingNextPage}
                pendingLabel="Loading…"
              >
                Show older failures
              </Button>
            </div>
          )}
        </>
      )}
      <RedriveDialog task={redriving} onClose={() => setRedriving(null)} />
    </section>
  );
}

function RedriveDialog({ task, onClose }: { task: TaskFailure | null; onClose: () => void }) {
  const utils = trpc.useUtils();
  const toast = useToast();
  const redrive = trpc.admin.tasks.redrive.useMutation({
    onSuccess: (created, { id }) => {
      void utils.admin.tasks.failures.invalidate();
      void utils.admin.queue.health.invalidate();
      toast.success(`Re-drove task ${shortId(id)}: it runs again as task ${shortId(created.id)}.`);
      close();
    },
  });
  const close = () => {
    redrive.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      open={task !== null}
      title="Re-drive this task?"
      confirmLabel="Re-drive task"
      pendingLabel="Re-driving…"
      pending={redrive.isPending}
      error={
        redrive.error
          ? errorCode(redrive.error) === 'NOT_FOUND'
            ? 'This task no longer exists.'
            : errorMessage(redrive.error)
          : null
      }
      onConfirm={() => {
        if (task) redrive.mutate({ id: task.id });
      }}
      onCancel={close}
    >
      {task && (
        <p>
          A new task for <strong>{task.owner.email}</strong> runs{' '}
          <strong>{agentName(task.agent)}</strong> again with the same input. The failed task{' '}
          <code>{shortId(task.id)}</code> stays as it is, and the audit log records that you
          re-drove it.
        </p>
      )}
    </ConfirmDialog>
  );
}
