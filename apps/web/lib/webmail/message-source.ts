import 'server-only';
import { folderFromSlug } from './folder-path.ts';
import { isServerRefusal } from './imap-errors.ts';
import type { MailUser } from './mail-session.ts';
import { fetchMessageSource } from './message-list.ts';
import { messageAttachment } from './render/index.ts';

/**
 * One message of the signed-in user, named by the reader's URLs
 * (/webmail/message/<folderSlug>/<uid>/…). Fetched over the user's own
 * IMAP connection only, so a folder or UID that is not in *this* mailbox
 * simply is not there: null, and the route answers 404.
 */
export type MessageRef = { path: string; uid: number };

/** The message a URL's [folder] and [uid] segments name, or null when they are not a folder slug and a UID. */
export function messageRef(folderParam: string, uidParam: string): MessageRef | null {
  const path = folderFromSlug(folderParam);
  const uid = /^[1-9]\d{0,9}$/.test(uidParam) ? Number(uidParam) : Number.NaN;
  if (!path || !Number.isSafeInteger(uid) || uid > 0xffffffff) return null;
  return { path, uid };
}

/**
 * The raw bytes: the message itself, or with `part` the attached message
 * inside it. Never marks the message read (only opening it in the pane does);
 * a folder the server refuses (not the user's) is null like a missing UID.
 * An outage throws TemporarilyUnavailableError.
 */
export async function loadMessageBytes(user: MailUser, ref: MessageRef, part?: string | null): Promise<Buffer | null> {
  let source: Buffer;
  try {
    const message = await fetchMessageSource(user.imap, ref.path, ref.uid, { markSeen: false });
    if (!message) return null;
    source = message.source;
  } catch (error) {
    if (isServerRefusal(error)) return null;
    throw error;
  }
  return part ? messageAttachment(source, part) : source;
}
