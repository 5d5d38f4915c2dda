/**
 * Message flags as clients send them (RFC 3501 §2.3.2): system flags
 * (`\Seen` ...), matched case-insensitively and written in their canonical
 * case, and keywords (`$Forwarded`, `NonJunk`), kept as sent.
 */

export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];

const CANONICAL = new Map<string, string>([...SYSTEM_FLAGS, '\\Recent'].map((flag) => [flag.toLowerCase(), flag]));

/** Keyword = atom: ATOM-CHAR only (no `\`, `%`, `*`, `]`, `"`, `(`, `)`, `{`, CTL, SP). */
const KEYWORD = /^[!#$&'+,\-./0-9:;<=>?@A-Z[^_`a-z|}~]+$/;

/**
 * A flag as sent → its canonical text, or an error message.
 * `\Recent` is never settable (STORE/APPEND) and only searchable through RECENT.
 */
export function normalizeFlag(text: string): { flag: string } | { error: string } {
  if (text.startsWith('\\')) {
    const canonical = CANONICAL.get(text.toLowerCase());
    if (canonical === undefined || canonical === '\\Recent') return { error: `Flag ${text} cannot be set` };
    return { flag: canonical };
  }
  if (!KEYWORD.test(text)) return { error: `Invalid keyword: ${text}` };
  return { flag: text };
}

export function isSystemFlag(flag: string): flag is SystemFlag {
  return (SYSTEM_FLAGS as readonly string[]).includes(flag);
}
