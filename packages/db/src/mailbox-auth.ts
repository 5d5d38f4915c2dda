import { dummyPasswordHash, type EmailAddress, parseMailboxAddress, verifyPassword } from '@kontor/core';
import { normalizeAddress } from '@kontor/core/client-ip';
import type { DbTx } from './client.ts';
import { isWebSessionCredential, mailboxOfWebSessionCredential } from './mailbox-sessions.ts';

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
  let ok = false;
  if (isWebSessionCredential(password)) {
    // The web app's own login for a signed-in webmail user: good while that session is open.
    ok = (await mailboxOfWebSessionCredential(db, password)) === mailbox.id;
    login = undefined;
  } else {
    const twoFactor = Boolean(mailbox.totpSecret?.confirmedAt);
    ok = !twoFactor && (await verifyPassword(mailbox.passwordHash, password));
    if (!ok) {
      for (const app of mailbox.appPasswords) {
        if (await verifyPassword(app.passwordHash, password)) {
          ok = true;
          appPasswordId = app.id;
          break;
        }
      }
    }
  }
  if (!ok || !mailbox.active || !mailbox.domain.active) return null;
  if (login) await recordMailboxLogin(db, mailbox.id, login, mailbox);
  if (appPasswordId) await db.appPassword.update({ where: { id: appPasswordId }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  return { mailboxId: mailbox.id, domainId: mailbox.domainId, address: parsed.address, quotaBytes: mailbox.quotaBytes, appPasswordId };
}

/**
 * Notes a successful login as the mailbox's last login (and last login over
 * the protocol), at most once a minute for the same address: clients
 * reconnect often. Bookkeeping only: a failed write never refuses a login.
 */
export async function recordMailboxLogin(
  db: DbTx,
  mailboxId: number,
  login: { protocol: MailboxLoginProtocol; ip?: string },
  known?: { lastLoginAt: Date | null; logins: { protocol: string; at: Date; ip: string }[] },
): Promise<void> {
  const state =
    known ??
    (await db.mailbox.findUnique({ where: { id: mailboxId }, select: { lastLoginAt: true, logins: { select: { protocol: true, at: true, ip: true } } } }));
  if (!state) return;
  const now = new Date();
  const writes: Promise<unknown>[] = [];
  if (!state.lastLoginAt || now.getTime() - state.lastLoginAt.getTime() > LOGIN_RECORD_INTERVAL_MS) {
    writes.push(db.mailbox.update({ where: { id: mailboxId }, data: { lastLoginAt: now } }));
  }
  const ip = normalizeAddress(login.ip) ?? '';
  const last = state.logins.find((l) => l.protocol === login.protocol);
  if (!last || last.ip !== ip || now.getTime() - last.at.getTime() > LOGIN_RECORD_INTERVAL_MS) {
    const key = { mailboxId, protocol: login.protocol };
    writes.push(db.mailboxLogin.upsert({ where: { mailboxId_protocol: key }, create: { ...key, at: now, ip }, update: { at: now, ip } }));
  }
  // A lost race (the row was removed meanwhile) is no reason to refuse the login.
  await Promise.all(writes.map((write) => write.catch(() => undefined)));
}
