import { errorMessage } from '../../api/errors';
import { trpc } from '../../api/trpc';
import { BarChart } from '../../components/chart';
import { LoadingState } from '../../components/spinner';
import { ErrorState } from '../../components/states';
import { formatStars } from '../../marketplace/format';
import {
  formatLatency,
  formatRate,
  StatTiles,
  TaskCharts,
  type Period,
} from '../analytics/analytics-parts';

const integer = new Intl.NumberFormat('en');

/** One agent's numbers for its publisher: installs, runs and how they went, and its ratings. */
export function AgentAnalyticsPanel({ name, period }: { name: string; period: Period }) {
  const analytics = trpc.marketplace.agentAnalytics.useQuery(
    { name, periodDays: period },
    { placeholderData: (previous) => (previous?.name === name ? previous : undefined) },
  );
  const data = analytics.data;
  if (analytics.isPending) return <LoadingState label="Loading the numbers…" />;
  if (analytics.isError && !data)
    return (
      <ErrorState
        title="Couldn't load this agent's analytics"
        message={errorMessage(analytics.error)}
        onRetry={() => void analytics.refetch()}
        retrying={analytics.isFetching}
      />
    );
  if (!data) return null;
  const distribution = (['5', '4', '3', '2', '1'] as const).map(
    (stars) => data.ratings.distribution[stars],
  );
  return (
    <div className="analytics" aria-busy={analytics.isFetching}>
      <StatTiles
        label={`Numbers for ${name}`}
        stats={[
          { label: 'Installs', value: integer.format(data.installs), note: 'all time' },
          { label: 'Installed now', value: integer.format(data.activeInstallations) },
          {
            label: 'Runs',
            value: integer.format(data.tasks.tasks),
            note: `last ${data.periodDays} days`,
          },
          { label: 'Success rate', value: formatRate(data.tasks.successRate) },
          {
            label: 'Median time',
            value: formatLatency(data.tasks.latencyMs.p50),
            note: `p95 ${formatLatency(data.tasks.latencyMs.p95)}`,
          },
          {
            label: 'Rating',
            value: data.ratings.average === null ? '—' : `${formatStars(data.ratings.average)} / 5`,
            note: `${integer.format(data.ratings.count)} ${data.ratings.count === 1 ? 'review' : 'reviews'}`,
          },
        ]}
      />
      <TaskCharts
        daily={data.daily}
        tasks={data.tasks}
        periodDays={data.periodDays}
        subject={`of ${name}`}
      />
      <div className="chart-grid">
        <BarChart
          title="Ratings"
          summary={
            data.ratings.count === 0
              ? 'No reviews yet.'
              : `${integer.format(data.ratings.count)} reviews averaging ${formatStars(data.ratings.average ?? 0)} stars.`
          }
          labels={['5 stars', '4 stars', '3 stars', '2 stars', '1 star']}
          values={distribution}
          integer
        />
      </div>
    </div>
  );
}
