/**
 * Durations in settings: a number with a unit (`200ms`, `30s`, `5m`, `4h`,
 * `5d`), or a bare number of milliseconds. Returns milliseconds, or null
 * when the text is not a duration.
 */
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * UNITS[(match[2] ?? 'ms').toLowerCase()]!;
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** `5 days`, `4 hours`, `200 ms`: the largest unit that divides the value. */
export function formatDuration(ms: number): string {
  for (const [size, name] of [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}
