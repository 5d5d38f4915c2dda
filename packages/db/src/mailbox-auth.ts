import { dummyPasswordHash, type EmailAddress, parseMailboxAddress, verifyPassword } from '@kontor/core';
import type { DbTx } from './client.ts';

export interface AuthenticatedMailbox {
  mailboxId: number;
  domainId: number;
  /** local@ascii-domain, as stored. */
  address: string;
  quotaBytes: bigint;
  /** Set when an app password (not the account password) was used. */
  appPasswordId?: number;
}

/**
 * Checks a mail client's login (IMAP, POP3, submission). The account
 * password works unless the mailbox has two-factor sign-in confirmed; then
 * only its app passwords do, since a protocol cannot ask for a code.
 * Unknown addresses cost the same time as wrong passwords.
 */
export async function authenticateMailbox(db: DbTx, username: string, password: string): Promise<AuthenticatedMailbox | null> {
  let parsed: EmailAddress;
  try {
    parsed = parseMailboxAddress(username);
  } catch {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  const mailbox = await db.mailbox.findFirst({
    where: { localPart: parsed.localPart, domain: { name: parsed.domain.ascii } },
    select: {
      id: true,
      domainId: true,
      passwordHash: true,
      active: true,
      quotaBytes: true,
      lastLoginAt: true,
      domain: { select: { active: true } },
      totpSecret: { select: { confirmedAt: true } },
      appPasswords: { select: { id: true, passwordHash: true } },
    },
  });
  if (!mailbox) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  let appPasswordId: number | undefined;
  const twoFactor = Boolean(mailbox.totpSecret?.confirmedAt);
  let ok = !twoFactor && (await verifyPassword(mailbox.passwordHash, password));
  if (!ok) {
    for (const app of mailbox.appPasswords) {
      if (await verifyPassword(app.passwordHash, password)) {
        ok = true;
        appPasswordId = app.id;
        break;
      }
    }
  }
  if (!ok || !mailbox.active || !mailbox.domain.active) return null;
  const now = new Date();
  // One write per minute at most: clients reconnect often.
  if (!mailbox.lastLoginAt || now.getTime() - mailbox.lastLoginAt.getTime() > 60_000) {
    await db.mailbox.update({ where: { id: mailbox.id }, data: { lastLoginAt: now } });
  }
  if (appPasswordId) await db.appPassword.update({ where: { id: appPasswordId }, data: { lastUsedAt: now } });
  return { mailboxId: mailbox.id, domainId: mailbox.domainId, address: parsed.address, quotaBytes: mailbox.quotaBytes, appPasswordId };
}
