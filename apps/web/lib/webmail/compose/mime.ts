/**
 * A composed message as RFC 5322 bytes, by nodemailer's MailComposer (the
 * project's MIME writer): the HTML with a plain text alternative, or plain
 * text alone, and the attachments from the compose session's files.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { htmlToPlainText } from './plain-text.ts';

export interface MimeAddress {
  name: string;
  address: string;
}

export interface MimeAttachment {
  filename: string;
  contentType: string;
  path: string;
}

export interface OutgoingMessage {
  from: MimeAddress;
  to: MimeAddress[];
  cc: MimeAddress[];
  bcc: MimeAddress[];
  subject: string;
  format: 'html' | 'plain';
  body: string;
  attachments: MimeAttachment[];
  messageId: string;
  date: Date;
  inReplyTo?: string | null;
  references?: string[];
  /** Extra header fields (a draft's X-Kontor-Draft-*). */
  headers?: Record<string, string>;
}

/** The HTML part as a whole document: a few mail apps show a bare fragment oddly. */
export function htmlDocument(fragment: string): string {
  return [
    '<!DOCTYPE html><html><head><meta charset="utf-8">',
    '<style>blockquote{margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex}p{margin:0}.kontor-signature{margin-top:1em;color:#555}</style>',
    `</head><body>${fragment}</body></html>`,
  ].join('');
}

interface InlineImage {
  cid: string;
  contentType: string;
  content: Buffer;
}

/**
 * The HTML's embedded images (data: URIs, as a quoted original's cid: parts
 * reach the editor) as cid: parts of a multipart/related again: many mail
 * apps show no data: image, and the message stays the size it was. The
 * same image twice is one part.
 */
export function embedDataImages(html: string): { html: string; images: InlineImage[] } {
  const images = new Map<string, InlineImage>();
  const rewritten = html.replace(
    /(<img\b[^>]*?\ssrc=)(["'])data:(image\/[a-z0-9.+-]+);base64,([a-z0-9+/=\s]+)\2/gi,
    (_match, start: string, quote: string, type: string, data: string) => {
      const content = Buffer.from(data.replace(/\s+/g, ''), 'base64');
      const cid = `${createHash('sha256').update(content).digest('hex').slice(0, 32)}@kontor`;
      if (!images.has(cid)) images.set(cid, { cid, contentType: type.toLowerCase(), content });
      return `${start}${quote}cid:${cid}${quote}`;
    },
  );
  return { html: rewritten, images: [...images.values()] };
}

/**
 * `keepBcc`: the copy for Drafts and Sent keeps the Bcc: field (so the user
 * sees whom they wrote to); the copy that is submitted never has it.
 */
export async function buildMime(message: OutgoingMessage, options: { keepBcc: boolean }): Promise<Buffer> {
  const list = (addresses: MimeAddress[]) => (addresses.length ? addresses.map((a) => ({ name: a.name, address: a.address })) : undefined);
  const embedded = message.format === 'html' ? embedDataImages(message.body) : { html: undefined, images: [] };
  const { html } = embedded;
  const text = message.format === 'html' ? htmlToPlainText(message.body) : message.body;
  const node = new MailComposer({
    from: { name: message.from.name, address: message.from.address },
    to: list(message.to),
    cc: list(message.cc),
    bcc: list(message.bcc),
    subject: message.subject,
    text,
    html: html === undefined ? undefined : htmlDocument(html),
    messageId: message.messageId,
    date: message.date,
    inReplyTo: message.inReplyTo ?? undefined,
    references: message.references?.length ? message.references : undefined,
    headers: message.headers,
    attachments: [
      ...embedded.images.map((image) => ({ cid: image.cid, content: image.content, contentType: image.contentType, contentDisposition: 'inline' as const })),
      ...message.attachments.map((file) =>
        file.contentType === 'message/rfc822'
          ? // A forwarded message stays a message (RFC 2046 §5.2.1: 7bit/8bit only), shown as an attachment.
            { filename: file.filename, path: file.path, contentType: 'message/rfc822', contentDisposition: 'attachment' as const }
          : { filename: file.filename, path: file.path, contentType: file.contentType },
      ),
    ],
  }).compile();
  node.keepBcc = options.keepBcc;
  return node.build();
}
