/**
 * FETCH PREVIEW (RFC 8970): up to 256 characters of plain text from the
 * start of the message's first text part, for message lists.
 *
 * Computed when asked, not stored at delivery: one bounded ranged read
 * per message (at most PREVIEW_READ octets of the part), the same order of
 * cost as the header fetch a client makes for a list anyway. So no column
 * to migrate and backfill, every message already stored has a preview,
 * and the rules below can improve without rewriting rows. `PREVIEW
 * (LAZY)` is answered the same way: the text is always cheap enough to
 * give (§3.2 lets a server do so).
 *
 * Which part: depth first, the first text/plain part that is not an
 * attachment; in multipart/alternative text/plain is preferred to
 * text/html; an HTML part is reduced to its text (tags, comments, head,
 * style and script removed; entities decoded). Whitespace runs become one
 * space (§2: the preview is a single line of text). A message with no
 * text part has the empty preview `""`.
 */

import { decodeCharset, decodeTransfer, htmlToText } from '@kontor/core/mime-text';
import type { StoredPart } from '../storage.ts';

export const PREVIEW_LENGTH = 256;
/** Octets of the encoded part read: plenty for 256 characters, even of HTML with a style block. */
const PREVIEW_READ = 64 * 1024;

type ReadRange = (start: number, end: number) => Promise<Buffer>;

function isAttachment(part: StoredPart): boolean {
  return part.disposition?.type.toLowerCase() === 'attachment';
}

function isText(part: StoredPart): boolean {
  return part.type === 'text' && (part.subtype === 'plain' || part.subtype === 'html') && !isAttachment(part);
}

/** The part the preview is taken from, or undefined. */
export function previewPart(part: StoredPart): StoredPart | undefined {
  if (part.children) {
    if (part.subtype === 'alternative') {
      const plain = part.children.find((c) => isText(c) && c.subtype === 'plain');
      if (plain) return plain;
    }
    for (const child of part.children) {
      const found = previewPart(child);
      if (found) return found;
    }
    return undefined;
  }
  return isText(part) ? part : undefined;
}

export { htmlToText };

/** Whitespace collapsed, cut at PREVIEW_LENGTH characters (code points, never half a surrogate pair). */
export function previewText(text: string): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= PREVIEW_LENGTH ? line : chars.slice(0, PREVIEW_LENGTH).join('').trimEnd();
}

/** The preview of a message with this structure; `read` gives octets of the stored message. */
export async function messagePreview(structure: StoredPart | undefined, read: ReadRange): Promise<string> {
  const part = structure && previewPart(structure);
  if (!part) return '';
  const raw = await read(part.bodyStart, Math.min(part.end, part.bodyStart + PREVIEW_READ));
  // A cut base64 or quoted-printable tail decodes to at most a few stray octets, dropped with the cut below.
  const text = decodeCharset(decodeTransfer(raw, part.encoding), part.params.charset);
  return previewText(part.subtype === 'html' ? htmlToText(text) : text);
}
