import { CategoryAxis, ChartFrame, MARGIN, ValueAxis, type ChartSeries } from './chart-frame';
import { bandScale, formatTick, labelIndexes, linearScale, niceTicks } from '../lib/chart-scale';

interface ChartProps {
  title: string;
  /** One sentence saying what the chart shows and its headline (read by screen readers). */
  summary: string;
  /** One label per value ("Nov 3", "p95"). */
  labels: readonly string[];
  /** The values in words for the table and tooltips ("1,204 ms"). */
  formatValue?: (value: number) => string;
  /** Whole numbers only on the axis (counts). */
  integer?: boolean;
  /** The value axis's labels (default: short numbers, "1.2K"). */
  formatAxis?: (value: number) => string;
  height?: number;
}

const integerFormat = new Intl.NumberFormat('en');
const defaultFormat = (value: number) => integerFormat.format(value);

/**
 * A bar chart: one bar per label, a value axis with round ticks, the values as a table for
 * anyone who can't see the bars (and anyone who wants exact numbers).
 */
export function BarChart({
  title,
  summary,
  labels,
  values,
  formatValue = defaultFormat,
  integer = false,
  formatAxis = formatTick,
  height = 200,
}: ChartProps & { values: readonly number[] }) {
  return (
    <ChartFrame
      title={title}
      summary={summary}
      labels={labels}
      series={[{ name: title, values }]}
      formatValue={formatValue}
      height={height}
    >
      {(width) => {
        const plotWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
        const plotHeight = height - MARGIN.top - MARGIN.bottom;
        const ticks = niceTicks(Math.max(0, ...values), 4, integer);
        const y = linearScale([0, ticks.max], [MARGIN.top + plotHeight, MARGIN.top]);
        const bands = bandScale(labels.length, [MARGIN.left, MARGIN.left + plotWidth], 0.25);
        const shown = labelIndexes(labels.length, Math.max(2, Math.floor(plotWidth / 56)));
        const dense = shown.length < labels.length;
        return (
          <>
            <ValueAxis ticks={ticks.values} y={y} width={width} format={formatAxis} />
            {values.map((value, index) => {
              const top = y(value);
              const barHeight = MARGIN.top + plotHeight - top;
              return (
                <rect
                  key={index}
                  className="chart__bar"
                  x={bands.offset(index)}
                  y={value > 0 ? Math.min(top, MARGIN.top + plotHeight - 1) : top}
                  width={Math.max(1, bands.band)}
                  height={value > 0 ? Math.max(1, barHeight) : 0}
                  rx={Math.min(3, bands.band / 4)}
                >
                  <title>{`${labels[index] ?? ''}: ${formatValue(value)}`}</title>
                </rect>
              );
            })}
            <CategoryAxis
              labels={labels}
              shown={shown}
              // Many thin bars (days): the end labels align with the outer bars' outer edges.
              x={(index) =>
                dense && index === 0
                  ? bands.offset(0)
                  : dense && index === labels.length - 1
                    ? bands.offset(index) + bands.band
                    : bands.offset(index) + bands.band / 2
              }
              baseline={MARGIN.top + plotHeight}
              anchorEdges={dense}
            />
          </>
        );
      }}
    </ChartFrame>
  );
}

/** A line chart of one or more series over the same labels (days), with a legend. */
export function LineChart({
  title,
  summary,
  labels,
  series,
  formatValue = defaultFormat,
  integer = false,
  formatAxis = formatTick,
  height = 200,
}: ChartProps & { series: readonly ChartSeries[] }) {
  return (
    <ChartFrame
      title={title}
      summary={summary}
      labels={labels}
      series={series}
      formatValue={formatValue}
      height={height}
      legend={series.length > 1}
    >
      {(width) => {
        const plotWidth = Math.max(1, width - MARGIN.left - MARGIN.right);
        const plotHeight = height - MARGIN.top - MARGIN.bottom;
        const ticks = niceTicks(Math.max(0, ...series.flatMap((line) => line.values)), 4, integer);
        const y = linearScale([0, ticks.max], [MARGIN.top + plotHeight, MARGIN.top]);
        const x = linearScale(
          [0, Math.max(1, labels.length - 1)],
          [MARGIN.left + 4, MARGIN.left + plotWidth - 4],
        );
        const shown = labelIndexes(labels.length, Math.max(2, Math.floor(plotWidth / 56)));
        return (
          <>
            <ValueAxis ticks={ticks.values} y={y} width={width} format={formatAxis} />
            {series.map((line, seriesIndex) => (
              <g key={line.name} className={`chart__series chart__series--${seriesIndex + 1}`}>
                <polyline
                  className="chart__line"
                  points={line.values.map((value, index) => `${x(index)},${y(value)}`).join(' ')}
                />
                {line.values.map((value, index) =>
                  // Points mark the days with activity; the rest is the line (and the table).
                  value > 0 || line.values.length <= 14 ? (
                    <circle key={index} className="chart__point" cx={x(index)} cy={y(value)} r={3}>
                      <title>{`${line.name}, ${labels[index] ?? ''}: ${formatValue(value)}`}</title>
                    </circle>
                  ) : null,
                )}
              </g>
            ))}
            <CategoryAxis
              labels={labels}
              shown={shown}
              x={x}
              baseline={MARGIN.top + plotHeight}
              anchorEdges
            />
          </>
        );
      }}
    </ChartFrame>
  );
}
