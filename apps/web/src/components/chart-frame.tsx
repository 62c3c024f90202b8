import { useEffect, useId, useState, type ReactNode } from 'react';

/** One series of a chart: its name (legend, table header) and one value per label. */
export interface ChartSeries {
  name: string;
  values: readonly number[];
}

/** Room around the plot for the axes' labels. */
export const MARGIN = { top: 12, right: 12, bottom: 28, left: 44 };
const DEFAULT_WIDTH = 560;

/**
 * What every chart shares: a titled figure, an SVG drawn at the element's real width (so text
 * stays legible on a phone) and labelled for screen readers by its title and a summary, and
 * the numbers as a table behind "Show the numbers".
 */
export function ChartFrame({
  title,
  summary,
  labels,
  series,
  formatValue,
  height,
  legend = false,
  children,
}: {
  title: string;
  summary: string;
  labels: readonly string[];
  series: readonly ChartSeries[];
  formatValue: (value: number) => string;
  height: number;
  legend?: boolean;
  children: (width: number) => ReactNode;
}) {
  const id = useId();
  const [ref, width] = useElementWidth<HTMLDivElement>();
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart__title">
        {title}
      </figcaption>
      {legend && (
        <ul className="chart__legend" aria-hidden="true">
          {series.map((line, index) => (
            <li key={line.name} className={`chart__key chart__key--${index + 1}`}>
              {line.name}
            </li>
          ))}
        </ul>
      )}
      <div ref={ref} className="chart__canvas">
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-svg-title ${id}-desc`}
        >
          <title id={`${id}-svg-title`}>{title}</title>
          <desc id={`${id}-desc`}>{summary}</desc>
          {children(width)}
        </svg>
      </div>
      <details className="chart__data">
        <summary>
          Show the numbers<span className="visually-hidden"> for {title}</span>
        </summary>
        <div
          className="table-scroll"
          tabIndex={0}
          role="region"
          aria-label={`${title}, as a table`}
        >
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{series.length > 1 ? 'Day' : 'Label'}</th>
                {series.map((line) => (
                  <th key={line.name} scope="col" className="table__number">
                    {line.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, index) => (
                <tr key={`${label}-${index}`}>
                  <th scope="row">{label}</th>
                  {series.map((line) => (
                    <td key={line.name} className="table__number">
                      {formatValue(line.values[index] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function ValueAxis({
  ticks,
  y,
  width,
  format,
}: {
  ticks: readonly number[];
  y: (value: number) => number;
  width: number;
  format: (value: number) => string;
}) {
  return (
    <g className="chart__axis" aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            className={tick === 0 ? 'chart__baseline' : 'chart__grid'}
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={y(tick)}
            y2={y(tick)}
          />
          <text x={MARGIN.left - 8} y={y(tick)} dy="0.32em" textAnchor="end">
            {format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

export function CategoryAxis({
  labels,
  shown,
  x,
  baseline,
  anchorEdges = false,
}: {
  labels: readonly string[];
  shown: readonly number[];
  x: (index: number) => number;
  baseline: number;
  /** Points sit on the plot's edges (line charts): align the end labels inwards. */
  anchorEdges?: boolean;
}) {
  return (
    <g className="chart__axis" aria-hidden="true">
      {shown.map((index) => (
        <text
          key={index}
          x={x(index)}
          y={baseline + 18}
          textAnchor={
            anchorEdges && index === 0
              ? 'start'
              : anchorEdges && index === labels.length - 1
                ? 'end'
                : 'middle'
          }
        >
          {labels[index]}
        </text>
      ))}
    </g>
  );
}

/** The element's content width, kept up to date (charts draw at their real size, text stays legible). */
function useElementWidth<TElement extends HTMLElement>(): [
  (element: TElement | null) => void,
  number,
] {
  const [element, setElement] = useState<TElement | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    if (!element) return;
    // The observer reports the first size at once, then every change.
    const observer = new ResizeObserver(() =>
      setWidth(Math.max(200, Math.floor(element.clientWidth))),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}
