/**
 * Panel sessions as rows. The signed cookie only names a session; a page
 * loads while its row is open, so signing out, a password change, a
 * disabled account or "sign out everywhere" end it at once on the server.
 */
import { randomBytes } from 'node:crypto';
import { ForbiddenError } from '@kontor/core';
import { type Actor, isGlobal, isSelf } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';

export type SessionEndReason = 'sign-out' | 'password' | 'disabled' | 'everywhere' | 'expired' | 'two-factor-reset';

/** lastSeenAt is written at most this often, so a page view is not a write each time. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionStart {
  ip?: string;
  userAgent?: string;
  maxAgeSeconds: number;
}

/** A new session for an admin who has just signed in; returns its id for the cookie. */
export async function startAdminSession(db: DbTx, adminId: number, start: SessionStart): Promise<string> {
  const id = randomBytes(24).toString('base64url');
  await db.adminSession.create({
    data: {
      id,
      adminId,
      ip: start.ip ?? null,
      userAgent: (start.userAgent ?? '').slice(0, 300),
      expiresAt: new Date(Date.now() + start.maxAgeSeconds * 1000),
    },
  });
  return id;
}

/** True while the session is open and belongs to the admin; notes that it was seen. */
export async function isAdminSessionOpen(db: DbTx, sessionId: string, adminId: number): Promise<boolean> {
  const session = await db.adminSession.findUnique({ where: { id: sessionId } });
  const now = new Date();
  if (!session || session.adminId !== adminId || session.endedAt || session.expiresAt <= now) return false;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.adminSession.update({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return true;
}

/** Sign-out of one session (by whoever holds its cookie). */
export async function endAdminSession(db: Db, sessionId: string, reason: SessionEndReason = 'sign-out'): Promise<void> {
  await db.$transaction(async (tx) => {
    const session = await tx.adminSession.findUnique({ where: { id: sessionId }, include: { admin: { select: { id: true, email: true, role: true } } } });
    if (!session || session.endedAt) return;
    await tx.adminSession.update({ where: { id: sessionId }, data: { endedAt: new Date(), endReason: reason } });
    const actor: Actor = {
      kind: session.admin.role === 'SUPERADMIN' ? 'superadmin' : 'domain_admin',
      id: session.admin.id,
      email: session.admin.email,
      ip: session.ip ?? undefined,
    };
    await writeAudit(tx, actor, { action: 'admin.sign-out', targetType: 'admin', targetId: session.adminId });
  });
}

/** Ends the open sessions of an admin inside a caller's transaction (password change, disabling). */
export async function closeSessionsOf(tx: DbTx, adminId: number, reason: SessionEndReason, except?: string): Promise<number> {
  const { count } = await tx.adminSession.updateMany({
    where: { adminId, endedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { endedAt: new Date(), endReason: reason },
  });
  return count;
}

function requireSelfOrSuperadmin(actor: Actor, adminId: number, what: string): void {
  // Not only domain admins: a domain-scoped API key is no superadmin either.
  if (!isSelf(actor, adminId) && !isGlobal(actor)) throw new ForbiddenError(`Only a superadmin can ${what} of another administrator`);
}

/** "Sign out everywhere": ends every session of the admin (but the caller's own, when given). */
export async function endAdminSessions(db: Db, actor: Actor, adminId: number, options: { except?: string } = {}): Promise<number> {
  requireSelfOrSuperadmin(actor, adminId, 'end the sessions');
  return db.$transaction(async (tx) => {
    const count = await closeSessionsOf(tx, adminId, 'everywhere', options.except);
    await writeAudit(tx, actor, { action: 'admin.sessions.end', targetType: 'admin', targetId: adminId, after: { ended: count } });
    return count;
  });
}

/** The open sessions of an admin, newest first, for the account page. */
export async function listAdminSessions(db: DbTx, actor: Actor, adminId: number) {
  requireSelfOrSuperadmin(actor, adminId, 'list the sessions');
  return db.adminSession.findMany({
    where: { adminId, endedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: 'desc' },
    select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
  });
}
