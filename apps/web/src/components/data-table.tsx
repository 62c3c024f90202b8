import type { ReactNode } from 'react';

export interface DataTableColumn {
  label: string;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** Named for screen readers only (an actions column). */
  hidden?: boolean;
}

/**
 * A card-framed table that scrolls sideways on narrow screens: the frame is a labelled,
 * focusable region so keyboard users can scroll it too. `children` are the body's rows.
 */
export function DataTable({
  label,
  className,
  columns,
  children,
}: {
  label: string;
  className?: string;
  columns: DataTableColumn[];
  children: ReactNode;
}) {
  return (
    <div className="table-scroll card card--flush" tabIndex={0} role="region" aria-label={label}>
      <table className={className ? `table ${className}` : 'table'}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th
                key={column.label}
                scope="col"
                {...(column.numeric ? { className: 'table__number' } : {})}
              >
                {column.hidden ? (
                  <span className="visually-hidden">{column.label}</span>
                ) : (
                  column.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
