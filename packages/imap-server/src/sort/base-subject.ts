/**
 * The base subject of RFC 5256 §2.1 (SORT SUBJECT, THREAD): the subject
 * without "Re:", "Fwd:", "[list]" leaders, "(fwd)" trailers and "[Fwd: ...]"
 * wrappers, whitespace collapsed, in the i;ascii-casemap form it is
 * compared in (collation.ts).
 */
import { asciiCasemap } from './collation.ts';

const LEADER = /^(?:(?:\[[^[\]]*\]\s*)*(?:re|fwd?)\s*(?:\[[^[\]]*\])?\s*:\s*)/i;
const BLOB = /^\[[^[\]]*\]\s*/;

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
