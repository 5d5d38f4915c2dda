/**
 * IMAP's two date formats (RFC 3501 §9):
 *   date       `1-Feb-1994`                   SEARCH BEFORE/ON/SINCE/SENT*
 *   date-time  `"17-Jul-1996 02:44:25 -0700"` APPEND, INTERNALDATE
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase());
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month && date.getUTCDate() === day;
}

/** `1-Feb-1994` → `1994-02-01` (a calendar day, no time zone); undefined if invalid. */
export function parseSearchDate(text: string): string | undefined {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match) return undefined;
  const day = Number(match[1]);
  const month = monthIndex(match[2]!);
  const year = Number(match[3]);
  if (month < 0 || !isRealDate(year, month, day)) return undefined;
  return `${match[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * `17-Jul-1996 02:44:25 -0700` → the instant and the zone offset in minutes
 * as written (the day may be space-padded: ` 7-Jul-1996 ...`).
 */
export function parseDateTime(text: string): { date: Date; offsetMinutes: number } | undefined {
  const match = /^[ ]?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, d, mon = '', y, hh, mm, ss, sign, zh, zm] = match;
  const day = Number(d);
  const month = monthIndex(mon);
  const year = Number(y);
  const hours = Number(hh);
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (month < 0 || !isRealDate(year, month, day)) return undefined;
  if (hours > 23 || minutes > 59 || seconds > 60 || Number(zh) > 23 || Number(zm) > 59) return undefined;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
  const utc = Date.UTC(year, month, day, hours, minutes, Math.min(seconds, 59)) - offsetMinutes * 60_000;
  return { date: new Date(utc), offsetMinutes };
}

/** An instant → `17-Jul-1996 02:44:25 -0700` in the given zone offset (minutes east of UTC). */
export function formatDateTime(date: Date, offsetMinutes = 0): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(local.getUTCDate())}-${MONTHS[local.getUTCMonth()]}-${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}
