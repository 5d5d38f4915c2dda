import { dummyPasswordHash, type EmailAddress, parseMailboxAddress, verifyPassword } from '@kontor/core';
import { normalizeAddress } from '@kontor/core/client-ip';
import type { DbTx } from './client.ts';

/** Where a mailbox signs in; the panel shows the last login of each (MailboxLogin). */
export const MAILBOX_LOGIN_PROTOCOLS = ['imap', 'pop3', 'smtp', 'web'] as const;
export type MailboxLoginProtocol = (typeof MAILBOX_LOGIN_PROTOCOLS)[number];

/** A login of the same mailbox over the same protocol from the same address is written again only after this long. */
const LOGIN_RECORD_INTERVAL_MS = 60_000;

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
 * Unknown addresses cost the same time as wrong passwords. With `login`,
 * a success is recorded as the mailbox's last login over that protocol
 * (and a failure to record it never refuses the login).
 */
export async function authenticateMailbox(
  db: DbTx,
  username: string,
  password: string,
  login?: { protocol: MailboxLoginProtocol; ip?: string },
): Promise<AuthenticatedMailbox | null> {
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
      logins: { select: { protocol: true, at: true, ip: true } },
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
  const writes: Promise<unknown>[] = [];
  // One write per minute at most: clients reconnect often.
  if (!mailbox.lastLoginAt || now.getTime() - mailbox.lastLoginAt.getTime() > LOGIN_RECORD_INTERVAL_MS) {
    writes.push(db.mailbox.update({ where: { id: mailbox.id }, data: { lastLoginAt: now } }));
  }
  if (login) {
    const ip = normalizeAddress(login.ip) ?? '';
    const last = mailbox.logins.find((l) => l.protocol === login.protocol);
    if (!last || last.ip !== ip || now.getTime() - last.at.getTime() > LOGIN_RECORD_INTERVAL_MS) {
      const key = { mailboxId: mailbox.id, protocol: login.protocol };
      writes.push(db.mailboxLogin.upsert({ where: { mailboxId_protocol: key }, create: { ...key, at: now, ip }, update: { at: now, ip } }));
    }
  }
  if (appPasswordId) writes.push(db.appPassword.update({ where: { id: appPasswordId }, data: { lastUsedAt: now } }));
  // Bookkeeping only: the login stands even when these writes fail (the row was removed meanwhile, a lost race).
  await Promise.all(writes.map((write) => write.catch(() => undefined)));
  return { mailboxId: mailbox.id, domainId: mailbox.domainId, address: parsed.address, quotaBytes: mailbox.quotaBytes, appPasswordId };
}
