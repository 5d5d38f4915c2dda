/**
 * Folder names: "/" separates hierarchy levels; "INBOX" is case-insensitive
 * (also as the first level, "inbox/Lists" is "INBOX/Lists"); every other
 * name is case-sensitive. Names are stored as Unicode (the IMAP layer
 * converts modified UTF-7).
 */
import { InvalidFolderNameError } from './errors.ts';

export const HIERARCHY_DELIMITER = '/';
export const INBOX = 'INBOX';
const MAX_NAME_LENGTH = 1000;

/** The stored spelling of a name: INBOX upper-cased, nothing else touched. */
export function normalizeFolderName(name: string): string {
  if (name.toUpperCase() === INBOX) return INBOX;
  if (name.slice(0, INBOX.length + 1).toUpperCase() === `${INBOX}${HIERARCHY_DELIMITER}`) {
    return INBOX + name.slice(INBOX.length);
  }
  return name;
}

/** Normalises and checks a name a client wants to create or rename to. */
export function validateFolderName(name: string): string {
  const normalized = normalizeFolderName(name);
  if (!normalized) throw new InvalidFolderNameError(name, 'the name is empty');
  if (normalized.length > MAX_NAME_LENGTH) throw new InvalidFolderNameError(name, `longer than ${MAX_NAME_LENGTH} characters`);
  // Control characters (C0, DEL, C1) cannot be sent in a quoted string and confuse every client.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(normalized)) throw new InvalidFolderNameError(name, 'contains a control character');
  if (/[*%]/.test(normalized)) throw new InvalidFolderNameError(name, 'contains a LIST wildcard (* or %)');
  if (normalized.split(HIERARCHY_DELIMITER).some((level) => level === '')) {
    throw new InvalidFolderNameError(name, 'has an empty hierarchy level');
  }
  return normalized;
}

/** "a/b/c" → ["a", "a/b"]: the superior names CREATE makes when missing. */
export function parentNames(name: string): string[] {
  const levels = name.split(HIERARCHY_DELIMITER);
  return levels.slice(0, -1).map((_, i) => levels.slice(0, i + 1).join(HIERARCHY_DELIMITER));
}

export function isInbox(name: string): boolean {
  return normalizeFolderName(name) === INBOX;
}

/** True when `name` is `ancestor` itself or below it. */
export function isSameOrBelow(name: string, ancestor: string): boolean {
  return name === ancestor || name.startsWith(ancestor + HIERARCHY_DELIMITER);
}

export const SPECIAL_USES = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'] as const;
export type SpecialUse = (typeof SPECIAL_USES)[number];

/** Canonical spelling of an RFC 6154 attribute; InvalidFolderNameError for anything else. */
export function normalizeSpecialUse(value: string): SpecialUse {
  const found = SPECIAL_USES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!found) throw new InvalidFolderNameError(value, `unknown special use (one of ${SPECIAL_USES.join(' ')})`);
  return found;
}
