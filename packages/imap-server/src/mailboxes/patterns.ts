/**
 * LIST patterns (RFC 3501 §6.3.8): `*` matches anything, `%` anything but
 * the hierarchy delimiter. Names are case-sensitive except INBOX: a
 * pattern starting with "inbox" in any case means INBOX ("inbox",
 * "Inbox/%").
 */
const DELIMITER = '/';

export type PatternMatcher = (name: string) => boolean;

export function compilePattern(pattern: string): PatternMatcher {
  const normalized = pattern.slice(0, 5).toUpperCase() === 'INBOX' ? `INBOX${pattern.slice(5)}` : pattern;
  const source = [...normalized].map((c) => (c === '*' ? '.*' : c === '%' ? `[^${DELIMITER}]*` : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  const regex = new RegExp(`^${source}$`, 'su');
  return (name) => regex.test(name);
}

/** "a/b/c" → ["a", "a/b"]. */
export function ancestors(name: string): string[] {
  const levels = name.split(DELIMITER);
  return levels.slice(0, -1).map((_, i) => levels.slice(0, i + 1).join(DELIMITER));
}

/** The reference and pattern combined (RFC 3501: the reference is a prefix). */
export function canonicalPattern(reference: string, pattern: string): string {
  if (reference === '' || pattern.startsWith(DELIMITER)) return pattern;
  return reference + pattern;
}
