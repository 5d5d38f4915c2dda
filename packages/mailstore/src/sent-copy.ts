import type { Logger } from '@kontor/core';
import type { StoredBlob } from './delivery.ts';
import type { MailStore } from './mail-store.ts';

/**
 * Files a sent message in its sender's Sent folder, read: submission does
 * so when the mailbox asks for it (most mail programs store their own copy
 * over IMAP), the sending API always (no program keeps one). A copy that
 * fails (Sent full, removed) is logged and does not undo the sending.
 */
export async function storeSentCopy(store: MailStore, stored: StoredBlob, sender: { mailboxId: number; queueId: string }, log: Logger): Promise<void> {
  await store
    .deliver(stored, [{ mailboxId: sender.mailboxId, folder: 'Sent', flags: ['\\Seen'] }])
    .catch((error: unknown) => log.warn({ err: error, queueId: sender.queueId, mailboxId: sender.mailboxId }, 'copy to Sent failed'));
}
