/**
 * The POP3 server's storage interface over packages/db and packages/mailstore:
 * login with the mailbox password (or an app password), the INBOX as the
 * maildrop, and deletion through the store's removeMessages (the IMAP expunge path,
 * so IMAP sessions see POP3 deletions as EXPUNGE/VANISHED).
 */
import { loginFailures } from '@kontor/core/metrics';
import { authenticateMailbox, type Db } from '@kontor/db';
import type { MailStore, MessageInfo } from '@kontor/mailstore';
import { type Maildrop, MaildropUnavailableError, type Pop3Authenticator, type Pop3Storage, type Pop3User } from '@kontor/pop3-server';

export interface MailboxUser extends Pop3User {
  mailboxId: number;
}

export function createAuthenticator(db: Db): Pop3Authenticator<MailboxUser> {
  return {
    async authenticate(username, password, client) {
      const mailbox = await authenticateMailbox(db, username, password, { protocol: 'pop3', ip: client.address });
      if (!mailbox) loginFailures.inc({ protocol: 'pop3' });
      return mailbox && { username: mailbox.address, mailboxId: mailbox.mailboxId };
    },
  };
}

/** UIDL: UIDVALIDITY and UID, so the id stays the same across sessions and changes only if the folder is recreated. */
export function uniqueId(uidValidity: number, uid: number): string {
  return `${uidValidity}.${uid}`;
}

export function createMaildropStorage(store: MailStore): Pop3Storage<MailboxUser> {
  return {
    async openMaildrop(user) {
      const inbox = await store.findFolder(user.mailboxId, 'INBOX');
      if (!inbox) throw new MaildropUnavailableError('This mailbox has no INBOX');
      const messages = await store.listMessages(inbox.id, { structure: false });
      return storeMaildrop(store, inbox.id, inbox.uidValidity, messages);
    },
  };
}

function storeMaildrop(store: MailStore, folderId: number, uidValidity: number, listed: readonly MessageInfo[]): Maildrop {
  return {
    messages: listed.map((m) => ({ uniqueId: uniqueId(uidValidity, m.uid), size: m.size })),
    open: (index) => store.openMessage(listed[index]!.blobHash),
    async remove(indexes) {
      const uids = indexes.map((index) => listed[index]!.uid);
      const expunged = await store.removeMessages(folderId, uids);
      return expunged.uids.length;
    },
  };
}
