/**
 * One stored message (its raw RFC 5322 bytes) → what the reading pane shows:
 * decoded headers, the plain text, the sanitised HTML, the attachment list.
 * Pure: no I/O besides parsing the bytes it is given.
 */

import { displayText } from './display-text.ts';
import { sanitizeMailHtml } from './html-sanitizer.ts';
import { DEFAULT_MAX_INLINE_IMAGE_BYTES, InlineImages } from './inline-images.ts';
import { attachmentInfo, mailParts } from './mail-parts.ts';
import { addressList, headerLines, parseMail, referenceList } from './parse-mail.ts';
import type { RenderedMessage, RenderOptions } from './types.ts';

export async function renderMessage(raw: Buffer, options: RenderOptions): Promise<RenderedMessage> {
  const parsed = await parseMail(raw);
  const parts = mailParts(parsed.attachments);
  const images = new InlineImages(
    parts.flatMap((part) => (part.cid ? [{ cid: part.cid, content: part.content }] : [])),
    options.maxInlineImageBytes ?? DEFAULT_MAX_INLINE_IMAGE_BYTES,
  );
  let remoteContentBlocked = false;
  const html =
    typeof parsed.html === 'string' && parsed.html.trim()
      ? sanitizeMailHtml(parsed.html, {
          allowRemote: options.allowRemote,
          resolveCid: (cid) => images.resolve(cid),
          isOwnDataUri: (uri) => images.isOwn(uri),
          remoteBlocked: () => {
            remoteContentBlocked = true;
          },
        })
      : '';
  const embedded = images.embedded();
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return {
    subject: displayText(parsed.subject),
    from: addressList(parsed.from),
    to: addressList(parsed.to),
    cc: addressList(parsed.cc),
    bcc: addressList(parsed.bcc),
    replyTo: addressList(parsed.replyTo),
    date,
    messageId: parsed.messageId ?? null,
    inReplyTo: parsed.inReplyTo ?? null,
    references: referenceList(parsed.references),
    text: typeof parsed.text === 'string' ? parsed.text : null,
    html: html || null,
    remoteContentBlocked,
    remoteContentAllowed: options.allowRemote,
    attachments: parts.map((part) => ({ ...attachmentInfo(part), embedded: part.cid !== undefined && embedded.has(part.cid.toLowerCase()) })),
    headers: headerLines(parsed),
  };
}
