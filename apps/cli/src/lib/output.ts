type Paint = (text: string) => string;

/** ANSI styles, or identity functions when colour is off. */
export interface Style {
  enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
}

export function createStyle(enabled: boolean): Style {
  const paint =
    (open: number, close: number): Paint =>
    (text) =>
      enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    enabled,
    bold: paint(1, 22),
    dim: paint(2, 22),
    red: paint(31, 39),
    green: paint(32, 39),
    yellow: paint(33, 39),
    blue: paint(34, 39),
    magenta: paint(35, 39),
    cyan: paint(36, 39),
  };
}

interface Writable {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** The terminal as commands see it: two streams, each with its own style, and stdin. */
export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: Writable;
  stderr: Writable;
  /** Style for text written to stdout. */
  out: Style;
  /** Style for text written to stderr. */
  err: Style;
  /** A person can answer prompts (stdin and stderr are terminals). */
  interactive: boolean;
  /** Print a line on stdout. */
  print(line?: string): void;
  /** Print a line on stderr. */
  note(line?: string): void;
}

export function createIo(options: {
  stdin: NodeJS.ReadStream;
  stdout: Writable;
  stderr: Writable;
  noColor: boolean;
}): Io {
  const { stdin, stdout, stderr, noColor } = options;
  return {
    stdin,
    stdout,
    stderr,
    out: createStyle(!noColor && stdout.isTTY === true),
    err: createStyle(!noColor && stderr.isTTY === true),
    interactive: stdin.isTTY && stderr.isTTY === true,
    print: (line = '') => stdout.write(`${line}\n`),
    note: (line = '') => stderr.write(`${line}\n`),
  };
}

// eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g;

/** Width of `text` on a terminal, ignoring colour codes. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** `text` cut to `width` visible characters with an ellipsis; colour codes are dropped when cut. */
export function truncate(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const plain = [...text.replace(ANSI, '')];
  return width <= 1
    ? plain.slice(0, width).join('')
    : `${plain
        .slice(0, width - 1)
        .join('')
        .trimEnd()}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'left' ? text + gap : gap + text;
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** The column that shrinks (truncating its cells) when the table is wider than the terminal. */
  flexible?: boolean;
}

/**
 * A plain-text table: padded columns, a dim header, and (on a terminal narrower than the table)
 * the flexible column truncated so each row stays on one line.
 */
export function table(
  columns: Column[],
  rows: string[][],
  options: { style: Style; maxWidth?: number | undefined },
): string[] {
  const widths = columns.map((column, index) =>
    Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[index] ?? ''))),
  );
  const gutter = 2;
  const total = widths.reduce((sum, width) => sum + width, 0) + gutter * (columns.length - 1);
  const flexible = columns.findIndex((column) => column.flexible);
  if (options.maxWidth !== undefined && total > options.maxWidth && flexible >= 0) {
    const rest = total - (widths[flexible] ?? 0);
    widths[flexible] = Math.max(
      visibleWidth(columns[flexible]?.header ?? ''),
      options.maxWidth - rest,
      10,
    );
  }
  const line = (cells: string[]) =>
    columns
      .map((column, index) => {
        const width = widths[index] ?? 0;
        const cell = truncate(cells[index] ?? '', width);
        // No trailing spaces after the last column.
        return index === columns.length - 1 && column.align !== 'right'
          ? cell
          : pad(cell, width, column.align ?? 'left');
      })
      .join(' '.repeat(gutter))
      .trimEnd();
  return [
    options.style.dim(line(columns.map((column) => column.header))),
    ...rows.map((row) => line(row)),
  ];
}

/** "1 agent", "3 agents". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** A compact count: 999, 1.2k, 34k, 1.5M. */
export function compactNumber(value: number): string {
  if (value < 1_000) return String(value);
  if (value < 10_000) return `${(value / 1_000).toFixed(1).replace(/\.0$/, '')}k`;
  if (value < 1_000_000) return `${Math.round(value / 1_000)}k`;
  return `${(value / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** Pretty JSON for `--json` output. */
export function printJson(io: Io, value: unknown): void {
  io.print(JSON.stringify(value, null, 2));
}

// C0 and C1 control characters other than tab and newline: an escape sequence from a server or
// a model (a listing, a streamed token) must not be able to rewrite or hide text on the terminal.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /\r\n|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text from elsewhere made safe to print: control characters removed, CRLF made LF. */
export function clean(text: string): string {
  return text.replace(CONTROL, (match) => (match === '\r\n' ? '\n' : ''));
}
