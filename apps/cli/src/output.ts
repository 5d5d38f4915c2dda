/** Human output (aligned tables, key/value blocks) and JSON output. */

export type Align = 'left' | 'right';

export interface Column<T> {
  header: string;
  value(row: T): string;
  align?: Align;
}

/** Visible width: code points, so `bücher.example` lines up. */
function width(text: string): number {
  return [...text].length;
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Columns separated by two spaces, headers in capitals, no trailing blanks. */
export function table<T>(columns: Column<T>[], rows: T[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(width(column.header), ...cells.map((line) => width(line[i]!))));
  const render = (line: string[]) =>
    line
      .map((cell, i) => pad(cell, widths[i]!, columns[i]!.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].join('\n');
}

/** `Label:  value` lines with the values aligned. */
export function keyValues(pairs: [string, string][]): string {
  const size = Math.max(...pairs.map(([key]) => width(key))) + 1;
  return pairs.map(([key, value]) => `${pad(`${key}:`, size, 'left')}  ${value}`).join('\n');
}

/** JSON for scripts: BigInt byte counts as numbers, dates as ISO strings, two-space indent. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 2);
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
