/**
 * A composed message as RFC 5322 bytes, by nodemailer's MailComposer (the
 * project's MIME writer): the HTML with a plain text alternative, or plain
 * text alone, and the attachments from the compose session's files.
 */
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

/**
 * `keepBcc`: the copy for Drafts and Sent keeps the Bcc: field (so the user
 * sees whom they wrote to); the copy that is submitted never has it.
 */
export async function buildMime(message: OutgoingMessage, options: { keepBcc: boolean }): Promise<Buffer> {
  const list = (addresses: MimeAddress[]) => (addresses.length ? addresses.map((a) => ({ name: a.name, address: a.address })) : undefined);
  const html = message.format === 'html' ? message.body : undefined;
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
    attachments: message.attachments.map((file) =>
      file.contentType === 'message/rfc822'
        ? // A forwarded message stays a message (RFC 2046 §5.2.1: 7bit/8bit only), shown as an attachment.
          { filename: file.filename, path: file.path, contentType: 'message/rfc822', contentDisposition: 'attachment' as const }
        : { filename: file.filename, path: file.path, contentType: file.contentType },
    ),
  }).compile();
  node.keepBcc = options.keepBcc;
  return node.build();
}
