/** IMAP logins against the mailbox table: password, or an app password when 2FA is on. */
import { loginFailures } from '@kontor/core/metrics';
import { authenticateMailbox, type Db } from '@kontor/db';
import type { ImapAuthenticator } from '@kontor/imap-server';

export function createImapAuthenticator(db: Db): ImapAuthenticator {
  return {
    async authenticate(username, password, client) {
      const mailbox = await authenticateMailbox(db, username, password, { protocol: 'imap', ip: client.address });
      if (!mailbox) loginFailures.inc({ protocol: 'imap' });
      return mailbox ? { id: mailbox.mailboxId, username: mailbox.address } : null;
    },
  };
}
