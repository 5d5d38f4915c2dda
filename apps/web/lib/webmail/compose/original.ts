import 'server-only';
import { TemporarilyUnavailableError } from '@kontor/core';
import type { ImapLogin } from '../imap-pool.ts';
import { withImap } from '../imap-pool.ts';
import { type AttachmentInfo, extractAttachment, type RenderedMessage, renderMessage } from '../render/index.ts';
import type { OriginalMessage } from './reply-prefill.ts';
import { addUpload, type UploadScope } from './uploads.ts';

export interface LoadedMessage {
  message: OriginalMessage;
  rendered: RenderedMessage;
  raw: Buffer;
}

/** The raw bytes of a message of the user's own mailbox, or null when it is not (any more) there. */
export async function fetchRaw(login: ImapLogin, folder: string, uid: number): Promise<Buffer | null> {
  try {
    return await withImap(
      login,
      folder,
      async (client) => {
        const found = await client.fetchOne(String(uid), { source: true }, { uid: true });
        if (!found) return null;
        return found.source ?? null;
      },
      { watch: false },
    );
  } catch (error) {
    // imapflow: the server answered NO to SELECT (no such folder); an outage is the caller's to show.
    if (error instanceof TemporarilyUnavailableError) throw error;
    if (error instanceof Error && /NO|nonexistent|not exist/i.test(error.message)) return null;
    throw error;
  }
}

/**
 * A message read for quoting or reopening: through the reading pane's
 * renderer, so its HTML is sanitised the same way before it reaches the
 * editor. Remote images stay (as the original had them, for the reply's
 * reader to decide on): the compose page's CSP keeps them from loading.
 */
export async function loadMessage(login: ImapLogin, folder: string, uid: number): Promise<LoadedMessage | null> {
  const raw = await fetchRaw(login, folder, uid);
  if (!raw) return null;
  const rendered = await renderMessage(raw, { allowRemote: true });
  return {
    raw,
    rendered,
    message: {
      subject: rendered.subject,
      from: rendered.from,
      to: rendered.to,
      cc: rendered.cc,
      replyTo: rendered.replyTo,
      date: rendered.date,
      messageId: rendered.messageId,
      references: rendered.references,
      text: rendered.text,
      html: rendered.html,
    },
  };
}

/** Files a forward or a reopened draft carries on: everything but the images shown inside the HTML. */
function carriedAttachments(attachments: AttachmentInfo[]): AttachmentInfo[] {
  return attachments.filter((attachment) => !attachment.embedded);
}

/** Copies the message's attachments into the compose session's files. */
export async function copyAttachments(loaded: LoadedMessage, scope: UploadScope) {
  const files = [];
  for (const attachment of carriedAttachments(loaded.rendered.attachments)) {
    const extracted = await extractAttachment(loaded.raw, attachment.id);
    if (extracted) files.push(await addUpload(scope, { filename: extracted.filename, contentType: extracted.contentType, content: extracted.content }));
  }
  return files;
}

/** The whole message as one message/rfc822 attachment (forward as attachment). */
export async function attachWhole(loaded: LoadedMessage, scope: UploadScope) {
  const base =
    loaded.message.subject
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .trim()
      .slice(0, 100) || 'message';
  return addUpload(scope, { filename: `${base}.eml`, contentType: 'message/rfc822', content: loaded.raw });
}
