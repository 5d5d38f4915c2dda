import 'server-only';
import type { ImapFlow, MailboxObject } from 'imapflow';
import { ByteBoundedLru } from './byte-bounded-lru.ts';
import { fetchDatesAndStructure } from './imap-commands.ts';
import { hasAttachment } from './message-list.ts';

/**
 * What search needs to know of a message beyond SEARCH's answer: its
 * received time (to merge folders newest first) and whether it has
 * attachments (no SEARCH key says so: its BODYSTRUCTURE does). Both are
 * fixed for a UID as long as the folder's UIDVALIDITY is (a message is
 * never changed under its UID), so they are kept per (mailbox, folder,
 * UIDVALIDITY) and a search asks the server only about UIDs it has not
 * seen: a second "has attachments" search of a 10,000-message folder
 * fetches nothing, and one after new mail fetches the new messages only.
 * UIDs expunged meanwhile are never asked for again (SEARCH no longer
 * answers them) and go with their folder's entry.
 */
export interface MessageFacts {
  time: number;
  /** Unknown until a search asked for attachments. */
  attachment?: boolean;
}

interface FolderFacts {
  facts: Map<number, MessageFacts>;
}

/** Bytes per UID kept, about (a Map entry with a small object). */
const BYTES_PER_MESSAGE = 96;
/** 16 MiB: about 175,000 messages' facts, across every user of the web process. */
const MAX_BYTES = 16 * 1024 * 1024;

declare global {
  var kontorMessageFacts: ByteBoundedLru<FolderFacts> | undefined;
}

function cache(): ByteBoundedLru<FolderFacts> {
  globalThis.kontorMessageFacts ??= new ByteBoundedLru(MAX_BYTES);
  return globalThis.kontorMessageFacts;
}

/** Facts for `uids` of the selected folder, asking the server only for those not known yet. */
export async function messageFacts(client: ImapFlow, mailboxId: number, uids: number[], withAttachment: boolean): Promise<Map<number, MessageFacts>> {
  const mailbox = client.mailbox as MailboxObject;
  const key = [mailboxId, mailbox.path, String(mailbox.uidValidity)].join('\u0000');
  const folder = cache().get(key) ?? { facts: new Map<number, MessageFacts>() };
  const missing = uids.filter((uid) => {
    const known = folder.facts.get(uid);
    return !known || (withAttachment && known.attachment === undefined);
  });
  if (missing.length) {
    const fetched = await fetchDatesAndStructure(client, missing, withAttachment);
    for (const [uid, found] of fetched) {
      folder.facts.set(uid, { time: found.time, attachment: withAttachment ? hasAttachment(found.structure) : folder.facts.get(uid)?.attachment });
    }
  }
  cache().set(key, folder, BYTES_PER_MESSAGE * folder.facts.size);
  const answer = new Map<number, MessageFacts>();
  for (const uid of uids) {
    const known = folder.facts.get(uid);
    if (known) answer.set(uid, known);
  }
  return answer;
}
