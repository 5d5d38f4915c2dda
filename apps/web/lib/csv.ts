/**
 * CSV as RFC 4180 writes it (comma, CRLF, fields with a comma, quote or
 * line break in double quotes, quotes doubled), safe to open in a
 * spreadsheet: a cell that starts with = + - @ (or a tab or carriage
 * return) would be run as a formula (CSV injection, OWASP), so it gets a
 * leading apostrophe and is shown as the text it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
