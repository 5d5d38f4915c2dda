import 'server-only';
import { loadConfig } from '@kontor/core';
import type { MailboxObject } from 'imapflow';
import { ByteBoundedLru } from './byte-bounded-lru.ts';
import { withImap } from './imap-pool.ts';
import type { MailUser } from './mail-session.ts';
import type { MessageRef } from './message-source.ts';
import { messageAttachment, type RenderedMessage, renderMessage } from './render/index.ts';

/**
 * Opened messages, rendered (parsed and sanitised) once. Sanitising an HTML
 * mail is most of the time of opening it (DOMPurify over jsdom), and the
 * reading pane's page and its body frame both need the rendering, so it is
 * kept per (mailbox, folder, UIDVALIDITY, UID, part, remote content
 * allowed) in a byte-bounded LRU (WEBMAIL_RENDER_CACHE_SIZE). A message
 * under a UID never changes (RFC 9051 §2.3.1.1), so nothing goes stale; and
 * every open still asks the user's own IMAP connection for the message's
 * flags, so a message expunged meanwhile, or a folder or UID that is not in
 * this mailbox, is not found, cached or not.
 */

export interface OpenedMessage {
  rendered: RenderedMessage;
  flags: string[];
}

export interface OpenOptions {
  /** An attached message inside it (extractAttachment's id), or null for the message itself. */
  part: string | null;
  allowRemote: boolean;
  /** Opening it in the reading pane marks it read; the frame and other routes do not. */
  markSeen: boolean;
}

declare global {
  var kontorRenderedMessages: ByteBoundedLru<RenderedMessage> | undefined;
}

function cache(): ByteBoundedLru<RenderedMessage> {
  globalThis.kontorRenderedMessages ??= new ByteBoundedLru(loadConfig().WEBMAIL_RENDER_CACHE_SIZE);
  return globalThis.kontorRenderedMessages;
}

/** Renderings under way, so the page and its frame arriving together render once. */
const rendering = new Map<string, Promise<RenderedMessage | null>>();

/** What a rendering holds in memory, about: JavaScript strings are two bytes a character. */
export function renderedBytes(message: RenderedMessage): number {
  let characters = message.subject.length + (message.html?.length ?? 0) + (message.text?.length ?? 0);
  for (const header of message.headers) characters += header.name.length + header.value.length;
  for (const list of [message.from, message.to, message.cc, message.bcc, message.replyTo]) {
    for (const entry of list) characters += entry.name.length + entry.address.length;
  }
  for (const reference of message.references) characters += reference.length;
  return 2 * characters + 200 * message.attachments.length + 1024;
}

/**
 * The message of the user's mailbox rendered, with its flags; null when it
 * is not there. IMAP errors are the caller's (imapFailure tells them apart).
 */
export async function openRenderedMessage(user: MailUser, ref: MessageRef, options: OpenOptions): Promise<OpenedMessage | null> {
  const fetched = await withImap(user.imap, ref.path, async (client) => {
    const uidValidity = String((client.mailbox as MailboxObject).uidValidity);
    const key = [user.actor.id, ref.path, uidValidity, ref.uid, options.part ?? '', options.allowRemote ? 'remote' : 'blocked'].join('\u0000');
    const cached = cache().get(key);
    const query = cached ? { uid: true, flags: true } : { uid: true, flags: true, source: true };
    const message = await client.fetchOne(String(ref.uid), query, { uid: true });
    if (message === false || (!cached && !message.source)) return null;
    if (options.markSeen && !message.flags?.has('\\Seen')) await client.messageFlagsAdd(String(ref.uid), ['\\Seen'], { uid: true });
    return { key, cached, source: message.source, flags: [...(message.flags ?? [])] };
  });
  if (!fetched) return null;
  const rendered = fetched.cached ?? (await renderOnce(fetched.key, fetched.source as Buffer, options));
  return rendered ? { rendered, flags: fetched.flags } : null;
}

function renderOnce(key: string, source: Buffer, options: OpenOptions): Promise<RenderedMessage | null> {
  const running = rendering.get(key);
  if (running) return running;
  const started = (async () => {
    const raw = options.part ? await messageAttachment(source, options.part) : source;
    if (!raw) return null;
    const rendered = await renderMessage(raw, { allowRemote: options.allowRemote });
    if (cache().maxBytes > 0) cache().set(key, rendered, renderedBytes(rendered));
    return rendered;
  })().finally(() => rendering.delete(key));
  rendering.set(key, started);
  return started;
}
