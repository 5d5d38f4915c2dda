/**
 * Wall-clock times in a named IANA time zone (a domain's Domain.timeZone)
 * and the UTC instants they stand for, with the platform's Intl time zone
 * data (no library): an autoresponder "until 24 Dec, 18:00" in
 * Europe/Berlin means 17:00 UTC in winter and 16:00 UTC in summer.
 * No Node-only imports: the panel's browser code uses this too.
 */

/** A wall-clock time as `<input type="datetime-local">` reads and writes it: `2026-12-24T18:00`. */
export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The zone's canonical name when `name` is an IANA time zone this platform
 * knows (any case), else null. Fixed offsets ("+01:00") are not zones:
 * they would be wrong for half of every year where clocks change.
 */
export function canonicalTimeZone(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed || /^[+-]/.test(trimmed) || /^\d/.test(trimmed)) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every IANA zone for a menu: UTC first, then the platform's list (Area/City, sorted). */
export function timeZoneNames(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's wall clock at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
}

/** The zone's offset from UTC at `instant`, in milliseconds (+3 600 000 for Berlin in winter). */
export function timeZoneOffsetMs(instant: Date | number, timeZone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`, or null when the text
 * is not a date and time (or names a day that does not exist). Around a
 * change of the clocks it behaves like Temporal's "compatible": a time
 * that happens twice (autumn) is the first of the two, a time skipped
 * (spring, 02:30 in Berlin) is moved forward by the gap (03:30 summer time).
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
  const match = LOCAL_DATE_TIME.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second = '0'] = match.slice(1).map((part) => part ?? '0') as [string, string, string, string, string, string];
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== Number(year) ||
    check.getUTCMonth() !== Number(month) - 1 ||
    check.getUTCDate() !== Number(day) ||
    Number(hour) > 23 ||
    Number(minute) > 59 ||
    Number(second) > 59
  ) {
    return null;
  }
  // The offsets on either side of any change near this time; one of them is right.
  const before = timeZoneOffsetMs(wall - 86_400_000, timeZone);
  const after = timeZoneOffsetMs(wall + 86_400_000, timeZone);
  const candidates = [...new Set([wall - before, wall - after])].filter((instant) => wallClockMs(instant, timeZone) === wall).sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]!);
  // Skipped by the clocks: keep the offset from before the change, which lands after the gap.
  return new Date(wall - before);
}

/** The wall clock of `instant` in `timeZone` as `YYYY-MM-DDTHH:mm`, the value a datetime-local input takes. */
export function utcToZonedLocal(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(0, 16);
}
