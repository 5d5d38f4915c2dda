/**
 * Webmail sessions of mailbox users, as rows (like admin-sessions.ts). The
 * signed, encrypted cookie carries the session id and a secret; the web app
 * logs in to IMAP and submission with the credential built from both
 * (webSessionCredential), so ending a session here ends its mail access in
 * the same moment as its pages.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ForbiddenError } from '@kontor/core';
import { type Actor, isOwnMailbox, type MailboxActor } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';

export type MailboxSessionEndReason = 'sign-out' | 'password' | 'disabled' | 'everywhere' | 'expired' | 'two-factor-reset';

/** lastSeenAt is written at most this often, so a page view is not a write each time. */
const TOUCH_INTERVAL_MS = 60_000;

/** What a mail protocol is given as password by the web app: never typed by a person. */
const CREDENTIAL_PREFIX = 'kontor-web-session:';

export interface StartedMailboxSession {
  id: string;
  /** Kept only in the encrypted cookie; the row holds its SHA-256. */
  secret: string;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new session for a mailbox user who has just signed in. */
export async function startMailboxSession(
  db: DbTx,
  mailboxId: number,
  start: { ip?: string; userAgent?: string; maxAgeSeconds: number },
): Promise<StartedMailboxSession> {
  const id = randomBytes(24).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  await db.mailboxSession.create({
    data: {
      id,
      mailboxId,
      secretHash: hashSecret(secret),
      ip: start.ip ?? null,
      userAgent: (start.userAgent ?? '').slice(0, 300),
      expiresAt: new Date(Date.now() + start.maxAgeSeconds * 1000),
    },
  });
  return { id, secret };
}

/** The password the web app gives IMAP and submission for this session. */
export function webSessionCredential(session: StartedMailboxSession): string {
  return `${CREDENTIAL_PREFIX}${session.id}:${session.secret}`;
}

export function isWebSessionCredential(password: string): boolean {
  return password.startsWith(CREDENTIAL_PREFIX);
}

/**
 * The mailbox a web-session credential stands for, while its session is
 * open; null for anything else (a wrong secret, an ended session).
 */
export async function mailboxOfWebSessionCredential(db: DbTx, password: string): Promise<number | null> {
  if (!isWebSessionCredential(password)) return null;
  const [id, secret] = password.slice(CREDENTIAL_PREFIX.length).split(':');
  if (!id || !secret) return null;
  const row = await db.mailboxSession.findUnique({ where: { id }, select: { mailboxId: true, secretHash: true, endedAt: true, expiresAt: true } });
  if (!row || row.endedAt || row.expiresAt <= new Date()) return null;
  const expected = Buffer.from(row.secretHash, 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? row.mailboxId : null;
}

/**
 * The Actor behind a webmail cookie: the session open, the mailbox and its
 * domain active. Null when any of that stopped being true.
 */
export async function mailboxSessionActor(db: DbTx, session: { mailboxId: number; sessionId: string; ip?: string }): Promise<MailboxActor | null> {
  const row = await db.mailboxSession.findUnique({
    where: { id: session.sessionId },
    select: {
      mailboxId: true,
      endedAt: true,
      expiresAt: true,
      lastSeenAt: true,
      mailbox: { select: { id: true, domainId: true, localPart: true, active: true, domain: { select: { name: true, active: true } } } },
    },
  });
  const now = new Date();
  if (!row || row.mailboxId !== session.mailboxId || row.endedAt || row.expiresAt <= now) return null;
  const { mailbox } = row;
  if (!mailbox.active || !mailbox.domain.active) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.mailboxSession.update({ where: { id: session.sessionId }, data: { lastSeenAt: now } });
  }
  return { kind: 'mailbox', id: mailbox.id, domainId: mailbox.domainId, address: `${mailbox.localPart}@${mailbox.domain.name}`, ip: session.ip };
}

/** Sign-out of one session (by whoever holds its cookie). */
export async function endMailboxSession(db: Db, sessionId: string, reason: MailboxSessionEndReason = 'sign-out'): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.mailboxSession.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date(), endReason: reason } });
    if (count === 0) return;
    const row = await tx.mailboxSession.findUniqueOrThrow({
      where: { id: sessionId },
      select: { ip: true, mailbox: { select: { id: true, domainId: true, localPart: true, domain: { select: { name: true } } } } },
    });
    const { mailbox } = row;
    const actor: Actor = {
      kind: 'mailbox',
      id: mailbox.id,
      domainId: mailbox.domainId,
      address: `${mailbox.localPart}@${mailbox.domain.name}`,
      ip: row.ip ?? undefined,
    };
    await writeAudit(tx, actor, { action: 'mailbox.sign-out', targetType: 'mailbox', targetId: mailbox.id, domainId: mailbox.domainId });
  });
}

/** Ends the open sessions of a mailbox inside a caller's transaction (password change, disabling, 2FA reset). */
export async function closeMailboxSessionsOf(tx: DbTx, mailboxId: number, reason: MailboxSessionEndReason, except?: string): Promise<number> {
  const { count } = await tx.mailboxSession.updateMany({
    where: { mailboxId, endedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { endedAt: new Date(), endReason: reason },
  });
  return count;
}

function requireOwnMailbox(actor: Actor, mailboxId: number, what: string): void {
  if (!isOwnMailbox(actor, mailboxId)) throw new ForbiddenError(`Only the mailbox's user can ${what}`);
}

/** The open sessions of the user's own mailbox, newest first. */
export async function listMailboxSessions(db: DbTx, actor: Actor, mailboxId: number) {
  requireOwnMailbox(actor, mailboxId, 'list its sessions');
  return db.mailboxSession.findMany({
    where: { mailboxId, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: 'desc' },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
}

/** Ends one session of the user's own mailbox (another browser), or every other one. */
export async function endOwnMailboxSessions(db: Db, actor: Actor, mailboxId: number, options: { only?: string; except?: string }): Promise<number> {
  requireOwnMailbox(actor, mailboxId, 'end its sessions');
  return db.$transaction(async (tx) => {
    const { count } = await tx.mailboxSession.updateMany({
      where: {
        mailboxId,
        endedAt: null,
        ...(options.only ? { id: options.only } : {}),
        ...(options.except ? { NOT: { id: options.except } } : {}),
      },
      data: { endedAt: new Date(), endReason: 'everywhere' },
    });
    await writeAudit(tx, actor, {
      action: 'mailbox.sessions.end',
      targetType: 'mailbox',
      targetId: mailboxId,
      domainId: actor.kind === 'mailbox' ? actor.domainId : undefined,
      after: { ended: count },
    });
    return count;
  });
}
