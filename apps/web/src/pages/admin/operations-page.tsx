import { taskStatuses, type QueueHealth } from '@capecontrol/schema';
import { useId, useState } from 'react';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { Alert } from '../../components/alert';
import { Button } from '../../components/button';
import { LineChart } from '../../components/chart';
import { PageTitle } from '../../components/page-title';
import { ErrorState, Skeleton } from '../../components/states';
import { RelativeTime } from '../../components/time';
import { useNow } from '../../lib/time';
import {
  failuresLastHour,
  healthAlerts,
  minuteLabel,
  throughputSummary,
} from '../../operations/queue-health';
import { STATUS_LABELS, formatCount, formatDuration } from '../../tasks/task-format';
import { StatTiles } from '../analytics/analytics-parts';
import { TaskFailures } from './task-failures';

/** How often the page re-reads the queue while auto-refresh is on (paused in hidden tabs). */
export const REFRESH_MS = 5_000;

/** Operator tools: queue health, recent failures across all users, re-driving failed tasks. */
export function OperationsPage() {
  const [autoRefresh, setAutoRefresh] = useState(true);
  const refreshId = useId();
  const refetchInterval = autoRefresh ? REFRESH_MS : false;
  const health = trpc.admin.queue.health.useQuery(undefined, {
    refetchInterval,
    placeholderData: (previous) => previous,
  });
  const utils = trpc.useUtils();
  const now = useNow(REFRESH_MS);

  return (
    <div className="container page">
      <PageTitle title="Operations" />
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Administration</p>
          <h1 tabIndex={-1}>Operations</h1>
          <p className="page-header__lede">
            The task queue at a glance, every user’s recent failures, and a way to run a failed task
            again once its cause is fixed.
          </p>
        </div>
        <div className="page-header__actions operations-refresh">
          <div className="check">
            <input
              id={refreshId}
              type="checkbox"
              checked={autoRefresh}
              onChange={(event) => setAutoRefresh(event.currentTarget.checked)}
            />
            <label htmlFor={refreshId} className="check__label">
              Auto-refresh every {REFRESH_MS / 1000} s
            </label>
          </div>
          <Button
            variant="secondary"
            size="sm"
            pending={health.isFetching && !health.isPending}
            pendingLabel="Refreshing…"
            onClick={() => {
              void utils.admin.queue.health.invalidate();
              void utils.admin.tasks.failures.invalidate();
            }}
          >
            Refresh now
          </Button>
        </div>
      </header>

      <section className="section" aria-labelledby="queue-heading" aria-busy={health.isPending}>
        <div className="section__header section__header--row">
          <div className="section__header-text">
            <h2 id="queue-heading">Queue health</h2>
            {health.data && (
              <p className="section__lede">
                Measured <RelativeTime iso={health.data.measuredAt} now={now} />.
              </p>
            )}
          </div>
        </div>
        {health.isPending ? (
          <div className="card" aria-hidden="true">
            <span className="visually-hidden" role="status">
              Loading the queue…
            </span>
            <Skeleton width="40%" />
            <Skeleton width="70%" />
            <Skeleton width="55%" />
          </div>
        ) : health.isError && !health.data ? (
          <ErrorState
            title="Couldn't load the queue"
            message={errorMessage(health.error)}
            onRetry={() => void health.refetch()}
            retrying={health.isFetching}
          />
        ) : health.data ? (
          <>
            {health.isError && (
              <Alert tone="warning">
                Couldn’t refresh: {errorMessage(health.error)} The numbers below are from the last
                successful read.
              </Alert>
            )}
            <QueueHealthView health={health.data} />
          </>
        ) : null}
      </section>

      <TaskFailures refetchInterval={refetchInterval} />
    </div>
  );
}

function QueueHealthView({ health }: { health: QueueHealth }) {
  const alerts = healthAlerts(health);
  const failed = failuresLastHour(health);
  return (
    <div className="operations-health">
      {alerts.length === 0 ? (
        <Alert tone="success">The queue is healthy: nothing is waiting long or stuck.</Alert>
      ) : (
        alerts.map((alert) => (
          <Alert key={alert.message} tone={alert.tone}>
            {alert.message}
          </Alert>
        ))
      )}
      <StatTiles
        label="Queue health"
        stats={[
          {
            label: 'Queued',
            value: formatCount(health.queued),
            note:
              health.oldestQueuedAgeMs === null
                ? 'nothing waiting'
                : `oldest waiting ${formatDuration(health.oldestQueuedAgeMs)}`,
          },
          {
            label: 'Running',
            value: formatCount(health.running),
            note: `${health.activeWorkers.length} ${health.activeWorkers.length === 1 ? 'worker' : 'workers'} holding leases`,
          },
          {
            label: 'Leases expired',
            value: formatCount(health.leases.expired),
            note: `${formatCount(health.leases.expiringSoon)} expiring within ${formatDuration(health.leases.expiringWithinMs)}`,
          },
          {
            label: 'Failed, last hour',
            value: formatCount(failed),
            note: `${formatCount(health.statusCounts.lastDay.failed + health.statusCounts.lastDay.timed_out)} in the last day`,
          },
        ]}
      />
      <div className="chart-grid">
        <LineChart
          title="Finished per minute"
          summary={throughputSummary(health.throughput)}
          labels={health.throughput.map((minute) => minuteLabel(minute.minute))}
          series={[
            { name: 'Succeeded', values: health.throughput.map((minute) => minute.succeeded) },
            {
              name: 'Failed or timed out',
              values: health.throughput.map((minute) => minute.failed),
            },
            { name: 'Cancelled', values: health.throughput.map((minute) => minute.cancelled) },
          ]}
          integer
        />
        <div className="card operations-breakdown">
          <h3>Tasks by status</h3>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Tasks by status">
            <table className="table table--compact">
              <caption className="visually-hidden">
                Tasks created in the last hour and the last day, by their current status
              </caption>
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col" className="table__number">
                    Last hour
                  </th>
                  <th scope="col" className="table__number">
                    Last day
                  </th>
                </tr>
              </thead>
              <tbody>
                {taskStatuses.map((status) => (
                  <tr key={status}>
                    <th scope="row">{STATUS_LABELS[status]}</th>
                    <td className="table__number">
                      {formatCount(health.statusCounts.lastHour[status])}
                    </td>
                    <td className="table__number">
                      {formatCount(health.statusCounts.lastDay[status])}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>Workers holding leases</h3>
          {health.activeWorkers.length === 0 ? (
            <p className="muted">No worker is running a task right now.</p>
          ) : (
            <ul className="operations-workers">
              {health.activeWorkers.map((worker) => (
                <li key={worker.id}>
                  <code>{worker.id}</code>{' '}
                  <span className="muted">
                    {worker.running} {worker.running === 1 ? 'task' : 'tasks'}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </div>
  );
}
