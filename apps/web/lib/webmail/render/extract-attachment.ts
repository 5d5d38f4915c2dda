/**
 * The bytes behind an attachment id from renderMessage: a part, a file in a
 * TNEF part (`2/tnef/0`), or, through `/message/`, an attachment of an
 * attached message (`3/message/2`, the inner id as renderMessage of the inner
 * message gives it). Filename and content type are exactly the listed ones.
 */
import { mailParts } from './mail-parts.ts';
import { parseMail } from './parse-mail.ts';
import type { ExtractedAttachment } from './types.ts';

const MESSAGE_SEPARATOR = '/message/';
const MAX_DEPTH = 8;

export async function extractAttachment(raw: Buffer, id: string): Promise<ExtractedAttachment | null> {
  return extractAt(raw, id, 0);
}

/** The raw bytes of an attached message (message/rfc822 part), to render as a message of its own. */
export async function messageAttachment(raw: Buffer, id: string): Promise<Buffer | null> {
  const part = await extractAt(raw, id, 0);
  return part && part.contentType === 'message/rfc822' ? part.content : null;
}

async function extractAt(raw: Buffer, id: string, depth: number): Promise<ExtractedAttachment | null> {
  if (depth > MAX_DEPTH || !/^[\w.]+(\/(tnef\/\d+|message\/.+))*$/.test(id)) return null;
  const nested = id.indexOf(MESSAGE_SEPARATOR);
  const ownId = nested < 0 ? id : id.slice(0, nested);
  const parts = mailParts((await parseMail(raw)).attachments);
  const part = parts.find((candidate) => candidate.id === ownId);
  if (!part) return null;
  if (nested >= 0) {
    if (!part.isMessage) return null;
    return extractAt(part.content, id.slice(nested + MESSAGE_SEPARATOR.length), depth + 1);
  }
  return { filename: part.filename, contentType: part.contentType, content: part.content };
}
