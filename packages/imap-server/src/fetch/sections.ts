/**
 * BODY[section] (RFC 3501 §6.4.5) → which octets of the stored message.
 *
 * Part numbers follow RFC 3501: a non-multipart message has its body as
 * part 1; the parts of a message/rfc822 part are those of the message it
 * holds; HEADER, TEXT and HEADER.FIELDS apply to the message itself or to
 * a message/rfc822 part; MIME to any numbered part.
 */
import type { BodySection, FetchPartial } from '../protocol/args/fetch.ts';
import type { StoredPart } from '../storage.ts';

export interface SectionRange {
  start: number;
  end: number;
  /** HEADER.FIELDS / HEADER.FIELDS.NOT: the range is a header to filter. */
  filter?: { fields: string[]; not: boolean };
}

/** The entity a part path names (`[]` is the message itself); undefined when there is none. */
export function findPart(root: StoredPart, path: readonly number[]): { part: StoredPart; isMessageRoot: boolean } | undefined {
  let entity = root;
  let atMessage = true;
  for (const n of path) {
    if (!atMessage && entity.message) {
      entity = entity.message.body;
      atMessage = true;
    }
    if (entity.children) {
      const child = entity.children[n - 1];
      if (!child) return undefined;
      entity = child;
      atMessage = false;
    } else if (atMessage && n === 1) {
      atMessage = false;
    } else {
      return undefined;
    }
  }
  return { part: entity, isMessageRoot: path.length === 0 };
}

/** The octets of a section; undefined when the message has no such section. */
export function resolveSection(root: StoredPart, messageSize: number, section: BodySection): SectionRange | undefined {
  const found = findPart(root, section.part);
  if (!found) return undefined;
  const { part, isMessageRoot } = found;
  switch (section.text) {
    case undefined:
      return isMessageRoot ? { start: 0, end: messageSize } : { start: part.bodyStart, end: part.end };
    case 'MIME':
      return { start: part.headerStart, end: part.bodyStart };
    default: {
      const message = isMessageRoot ? part : part.message?.body;
      if (!message) return undefined;
      if (section.text === 'TEXT') return { start: message.bodyStart, end: isMessageRoot ? Math.max(message.end, messageSize) : message.end };
      const range: SectionRange = { start: message.headerStart, end: message.bodyStart };
      if (section.text === 'HEADER.FIELDS' || section.text === 'HEADER.FIELDS.NOT') {
        range.filter = { fields: section.fields ?? [], not: section.text === 'HEADER.FIELDS.NOT' };
      }
      return range;
    }
  }
}

/** <offset.length> applied to [start, end). */
export function applyPartial(start: number, end: number, partial: FetchPartial | undefined): { start: number; end: number } {
  if (!partial) return { start, end };
  const from = Math.min(start + partial.offset, end);
  return { start: from, end: Math.min(end, from + partial.length) };
}

/**
 * The header fields named (or all but those, `not`), each with its
 * continuation lines, followed by the blank line (RFC 3501: "the blank
 * line between the header and the body is included in all header fetches").
 */
export function filterHeader(header: Buffer, fields: readonly string[], not: boolean): Buffer {
  const wanted = new Set(fields.map((f) => f.toLowerCase()));
  const out: Buffer[] = [];
  let keep = false;
  let position = 0;
  while (position < header.length) {
    let lineEnd = header.indexOf(0x0a, position);
    lineEnd = lineEnd === -1 ? header.length : lineEnd + 1;
    const line = header.subarray(position, lineEnd);
    position = lineEnd;
    const first = line[0];
    if (first === 0x0d || first === 0x0a) break; // the blank line
    if (first === 0x20 || first === 0x09) {
      if (keep) out.push(line);
      continue;
    }
    const colon = line.indexOf(0x3a);
    const name = (colon === -1 ? line : line.subarray(0, colon)).toString('latin1').trim().toLowerCase();
    keep = wanted.has(name) !== not;
    if (keep) out.push(line);
  }
  out.push(Buffer.from('\r\n'));
  return Buffer.concat(out);
}
