import type { ReactNode } from 'react';
import { BarChart, LineChart } from '../../components/chart';
import { SelectField } from '../../components/field';
import { formatDay } from '../../lib/time';
import type { DailyPoint, TaskStats } from '../../marketplace/marketplace-types';
import { formatDuration } from '../../tasks/task-format';

export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

export function periodFrom(value: string | null): Period {
  const number = Number(value);
  return (PERIODS as readonly number[]).includes(number) ? (number as Period) : 30;
}

export function PeriodSelect({
  value,
  onChange,
}: {
  value: Period;
  onChange: (period: Period) => void;
}) {
  return (
    <div className="period-select">
      <SelectField
        label="Period"
        value={value}
        onChange={(event) => onChange(periodFrom(event.currentTarget.value))}
      >
        {PERIODS.map((days) => (
          <option key={days} value={days}>
            Last {days} days
          </option>
        ))}
      </SelectField>
    </div>
  );
}

export interface Stat {
  label: string;
  value: ReactNode;
  note?: ReactNode;
}

/** Headline numbers as tiles (a definition list, so each number is read with its name). */
export function StatTiles({ stats, label }: { stats: readonly Stat[]; label: string }) {
  return (
    <dl className="stat-tiles" aria-label={label}>
      {stats.map((stat) => (
        <div key={stat.label} className="stat-tile">
          <dt className="stat-tile__label">{stat.label}</dt>
          <dd className="stat-tile__value">{stat.value}</dd>
          {stat.note && <dd className="stat-tile__note">{stat.note}</dd>}
        </div>
      ))}
    </dl>
  );
}

const integer = new Intl.NumberFormat('en');

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

export function formatLatency(ms: number | null): string {
  return ms === null ? '—' : formatDuration(ms);
}

/** The task numbers every analytics view shows: per day, outcomes, latency and tokens. */
export function TaskCharts({
  daily,
  tasks,
  periodDays,
  subject,
}: {
  daily: readonly DailyPoint[];
  tasks: TaskStats;
  periodDays: number;
  /** Whose numbers: "on the platform", "of acme/digest". */
  subject: string;
}) {
  const labels = daily.map((point) => formatDay(point.day));
  const taskCounts = daily.map((point) => point.tasks);
  const installCounts = daily.map((point) => point.installs);
  const busiest = daily.reduce<DailyPoint | null>(
    (best, point) => (best === null || point.tasks > best.tasks ? point : best),
    null,
  );
  const outcomes = [tasks.succeeded, tasks.failed, tasks.cancelled, tasks.timedOut];
  const latency = [tasks.latencyMs.p50, tasks.latencyMs.p95, tasks.latencyMs.p99];
  return (
    <div className="chart-grid">
      <BarChart
        title="Tasks per day"
        summary={`${integer.format(tasks.tasks)} tasks ${subject} in the last ${periodDays} days${
          busiest && busiest.tasks > 0
            ? `; the busiest day was ${formatDay(busiest.day)} with ${integer.format(busiest.tasks)}.`
            : '.'
        }`}
        labels={labels}
        values={taskCounts}
        integer
      />
      <LineChart
        title="Installs per day"
        summary={`${integer.format(installCounts.reduce((sum, value) => sum + value, 0))} installs ${subject} in the last ${periodDays} days.`}
        labels={labels}
        series={[{ name: 'Installs', values: installCounts }]}
        integer
      />
      <BarChart
        title="Outcomes"
        summary={`Of ${integer.format(tasks.tasks)} tasks: ${integer.format(tasks.succeeded)} succeeded, ${integer.format(tasks.failed)} failed, ${integer.format(tasks.cancelled)} were cancelled and ${integer.format(tasks.timedOut)} timed out. Success rate ${formatRate(tasks.successRate)} (cancelled tasks left out).`}
        labels={['Succeeded', 'Failed', 'Cancelled', 'Timed out']}
        values={outcomes}
        integer
      />
      <BarChart
        title="Time per task"
        summary={
          tasks.latencyMs.p50 === null
            ? 'No finished tasks in this period.'
            : `Half the tasks took ${formatLatency(tasks.latencyMs.p50)} or less; 95% within ${formatLatency(tasks.latencyMs.p95)}; 99% within ${formatLatency(tasks.latencyMs.p99)}.`
        }
        labels={['p50 (median)', 'p95', 'p99']}
        values={latency.map((value) => value ?? 0)}
        formatValue={(value) => formatDuration(value)}
        formatAxis={(value) => formatDuration(value)}
      />
      <BarChart
        title="Tokens"
        summary={`${integer.format(tasks.tokens.prompt)} prompt tokens sent and ${integer.format(tasks.tokens.completion)} completion tokens received.`}
        labels={['Prompt', 'Completion']}
        values={[tasks.tokens.prompt, tasks.tokens.completion]}
        integer
      />
    </div>
  );
}
