import { useSearchParams } from 'react-router';
import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { PageTitle } from '../../components/page-title';
import { LoadingState } from '../../components/spinner';
import { ErrorState } from '../../components/states';
import {
  formatLatency,
  formatRate,
  PeriodSelect,
  periodFrom,
  StatTiles,
  TaskCharts,
} from './analytics-parts';

const integer = new Intl.NumberFormat('en');

/** Platform numbers: the catalogue, installs, and how tasks went — counts, rates, latency, tokens. */
export function AnalyticsPage() {
  const [params, setParams] = useSearchParams();
  const period = periodFrom(params.get('days'));
  const analytics = trpc.marketplace.analytics.useQuery(
    { periodDays: period },
    { placeholderData: (previous) => previous },
  );
  const data = analytics.data;

  return (
    <div className="container page">
      <PageTitle title="Platform analytics" />
      <header className="page-header page-header--with-actions">
        <div className="page-header__text">
          <p className="eyebrow">Analytics</p>
          <h1 tabIndex={-1}>Platform analytics</h1>
          <p className="page-header__lede">
            How the platform is used: agents published, installs, and every task’s outcome, time and
            tokens. Measured from real runs, not estimates.
          </p>
        </div>
        <div className="page-header__actions">
          <PeriodSelect
            value={period}
            onChange={(days) =>
              setParams(days === 30 ? {} : { days: String(days) }, {
                replace: true,
                preventScrollReset: true,
              })
            }
          />
        </div>
      </header>

      {analytics.isPending ? (
        <LoadingState label="Loading the numbers…" />
      ) : analytics.isError && !data ? (
        <ErrorState
          title="Couldn't load the analytics"
          message={errorMessage(analytics.error)}
          onRetry={() => void analytics.refetch()}
          retrying={analytics.isFetching}
        />
      ) : data ? (
        <div className="analytics" aria-busy={analytics.isFetching}>
          <StatTiles
            label="Platform totals"
            stats={[
              { label: 'Agents', value: integer.format(data.agents) },
              { label: 'Versions', value: integer.format(data.versions) },
              { label: 'Publishers', value: integer.format(data.publishers) },
              { label: 'Installs', value: integer.format(data.installs), note: 'all time' },
              {
                label: 'Tasks',
                value: integer.format(data.tasks.tasks),
                note: `last ${data.periodDays} days`,
              },
              {
                label: 'Success rate',
                value: formatRate(data.tasks.successRate),
                note: 'cancelled tasks left out',
              },
              {
                label: 'Median time',
                value: formatLatency(data.tasks.latencyMs.p50),
                note: `p95 ${formatLatency(data.tasks.latencyMs.p95)} · p99 ${formatLatency(data.tasks.latencyMs.p99)}`,
              },
              {
                label: 'Tokens',
                value: integer.format(data.tasks.tokens.prompt + data.tasks.tokens.completion),
                note: `last ${data.periodDays} days`,
              },
            ]}
          />
          <TaskCharts
            daily={data.daily}
            tasks={data.tasks}
            periodDays={data.periodDays}
            subject="on the platform"
          />
        </div>
      ) : null}
    </div>
  );
}
