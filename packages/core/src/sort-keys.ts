/**
 * SORT keys (RFC 5256 §3, RFC 5957 DISPLAYFROM/DISPLAYTO) in the form they
 * are compared in, one rule for both places that compute them: the mail
 * store at delivery (stored columns, so SORT is an ORDER BY) and the IMAP
 * server's in-memory sort.
 *
 * i;ascii-casemap (RFC 4790 §9.2) is the collation unless a client picks
 * another (RFC 5256 §2.1): ASCII letters are mapped to upper case, nothing
 * else is folded, and the results are compared as octets. So `[`, `\`, `]`,
 * `^` and `_` (0x5B-0x5F) sort after `Z`, and `Über` and `über` differ.
 * Octet order of UTF-8 is code point order, PostgreSQL's COLLATE "C".
 */
import { decodeEncodedWords } from './mime-text.ts';

/** The text as the collation compares it: a-z upper-cased, everything else as it is. */
export function asciiCasemap(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

const LEADER = /^(?:(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\])?\s*:\s*)/i;
const BLOB = /^\[[^[\]]*\]\s*/;

/**
 * The base subject of RFC 5256 §2.1 (SORT SUBJECT, THREAD): the subject
 * without "Re:", "Fwd:", "[list]" leaders, "(fwd)" trailers and "[Fwd: ...]"
 * wrappers, whitespace collapsed, casemapped.
 */
export function baseSubject(subject: string): string {
  let text = subject.replace(/\s+/g, ' ').trim();
  for (;;) {
    const before = text;
    // (2) trailing "(fwd)"
    while (/\s*\(fwd\)$/i.test(text)) text = text.replace(/\s*\(fwd\)$/i, '').trim();
    // (3) leaders and blobs, as long as something remains
    for (;;) {
      const leader = LEADER.exec(text);
      if (leader) {
        text = text.slice(leader[0].length).trim();
        continue;
      }
      const blob = BLOB.exec(text);
      if (blob && text.slice(blob[0].length).trim() !== '') {
        text = text.slice(blob[0].length).trim();
        continue;
      }
      break;
    }
    // (4) "[fwd: ...]"
    const wrapped = /^\[fwd:\s*(.*)\]$/i.exec(text);
    if (wrapped) text = wrapped[1]!.trim();
    if (text === before) break;
  }
  return asciiCasemap(text);
}

/** Whether the subject was a reply or forward (RFC 5256 step 5: such threads join the original's). */
export function isReplySubject(subject: string): boolean {
  const text = subject.replace(/\s+/g, ' ').trim();
  return LEADER.test(text) || /\(fwd\)$/i.test(text) || /^\[fwd:/i.test(text);
}

/** One ENVELOPE address structure; a group start is `{ mailbox: group name, host: null }`. */
export interface SortAddress {
  name: string | null;
  mailbox: string | null;
  host: string | null;
}

/** RFC 5256 §3 FROM/TO/CC: the addr-mailbox of the first address. */
export function mailboxSortKey(first: SortAddress | undefined): string {
  return asciiCasemap(first?.mailbox ?? '');
}

/** RFC 5957 §3: the decoded display name, else mailbox@host, else the mailbox, else "". */
export function displaySortKey(first: SortAddress | undefined): string {
  const name = first?.name ? decodeEncodedWords(first.name) : '';
  if (name !== '') return asciiCasemap(name);
  if (first?.mailbox && first.host) return asciiCasemap(`${first.mailbox}@${first.host}`);
  return asciiCasemap(first?.mailbox ?? '');
}
