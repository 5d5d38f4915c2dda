/**
 * IMAP flag rules: system flags in their canonical spelling, keywords kept
 * as given, compared case-insensitively, \Recent never stored (it is a
 * session property, RFC 3501 2.3.2).
 */

export const SEEN = '\\Seen';
export const DELETED = '\\Deleted';

const SYSTEM_FLAGS = new Map(['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'].map((f) => [f.toLowerCase(), f]));

/** Canonical, de-duplicated flags; \Recent and empty names dropped. */
export function normalizeFlags(flags: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of flags) {
    const flag = raw.trim();
    if (!flag) continue;
    const key = flag.toLowerCase();
    if (key === '\\recent' || seen.has(key)) continue;
    seen.add(key);
    out.push(SYSTEM_FLAGS.get(key) ?? flag);
  }
  return out;
}

export type FlagMode = 'add' | 'remove' | 'set';

/** The flags a message has after STORE in `mode` with `flags` (already normalised). */
export function applyFlags(current: readonly string[], mode: FlagMode, flags: readonly string[]): string[] {
  if (mode === 'set') return normalizeFlags(flags);
  if (mode === 'add') return normalizeFlags([...current, ...flags]);
  const remove = new Set(flags.map((f) => f.toLowerCase()));
  return normalizeFlags(current.filter((f) => !remove.has(f.toLowerCase())));
}

export function hasFlag(flags: readonly string[], flag: string): boolean {
  const key = flag.toLowerCase();
  return flags.some((f) => f.toLowerCase() === key);
}

export function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a.map((f) => f.toLowerCase()));
  return b.every((f) => set.has(f.toLowerCase()));
}
