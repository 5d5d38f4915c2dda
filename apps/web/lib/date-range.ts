import { zonedLocalToUtc } from '@kontor/core';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateRange {
  /** The first instant of the `from` day. */
  since?: Date;
  /** The first instant after the `to` day. */
  until?: Date;
  /** The fields that are not a date, as typed. */
  invalid: string[];
}

/** The day after a YYYY-MM-DD day, as YYYY-MM-DD. */
function nextDay(day: string): string {
  const [, y, m, d] = DATE.exec(day) as RegExpExecArray;
  return new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + 1)).toISOString().slice(0, 10);
}

/**
 * A list filter's "from" and "to" days (`<input type="date">`, both
 * inclusive) as instants in the panel's time zone: from the start of the
 * first day to the start of the day after the last, so clock changes fall
 * where they should.
 */
export function dateRange(from: string | undefined, to: string | undefined, timeZone: string): DateRange {
  const range: DateRange = { invalid: [] };
  const start = (day: string) => (DATE.test(day) ? zonedLocalToUtc(`${day}T00:00`, timeZone) : null);
  if (from) {
    const since = start(from);
    if (since) range.since = since;
    else range.invalid.push(from);
  }
  if (to) {
    const until = DATE.test(to) && start(to) ? start(nextDay(to)) : null;
    if (until) range.until = until;
    else range.invalid.push(to);
  }
  return range;
}
