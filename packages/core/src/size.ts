/** Sizes as people type them: `500M`, `2G`, `1.5GB`, `1024` (bytes), `0` or `unlimited`. */
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

export function parseSize(input: string): bigint | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === 'unlimited') return 0n;
  const match = /^(\d+(?:\.\d+)?)([kmgt]?b?|b)?$/.exec(text) ?? /^(\d+(?:\.\d+)?)(kib|mib|gib|tib)$/.exec(text);
  if (!match) return null;
  const unit = (match[2] ?? '').replace('ib', 'b');
  const factor = UNITS[unit];
  if (factor === undefined) return null;
  const bytes = Math.round(Number(match[1]) * factor);
  if (!Number.isSafeInteger(bytes)) return null;
  return BigInt(bytes);
}

// A list page formats a few hundred sizes; building an Intl.NumberFormat costs far more than using one.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, fractionDigits: 0 | 1): Intl.NumberFormat {
  const key = `${locale} ${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: fractionDigits, useGrouping: false });
    numberFormats.set(key, format);
  }
  return format;
}

/** "1.5 GB" (or "1,5 GB" for a German locale): binary units, at most one decimal. */
export function formatSize(bytes: bigint | number, locale = 'en'): string {
  const n = Number(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  const number = numberFormat(locale, Number.isInteger(value) ? 0 : 1).format(value);
  return `${number} ${units[i]}`;
}

/** Quota of 0 means unlimited. */
export function formatQuota(bytes: bigint | number): string {
  return Number(bytes) === 0 ? 'unlimited' : formatSize(bytes);
}
