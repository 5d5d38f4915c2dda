import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, NotFoundError, ValidationError, verifyPassword } from '@kontor/core';
import { z } from 'zod';
import { type Actor, isSelf, requireGlobal, SYSTEM_ACTOR } from './actor.ts';
import { closeSessionsOf, isAdminSessionOpen } from './admin-sessions.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { AdminRole } from './generated/enums.ts';
import { idField, mapUniqueViolation, parseInput } from './validate.ts';

export { AdminRole };

const emailField = z
  .string({ message: 'Enter an address' })
  .trim()
  .toLowerCase()
  .refine((v) => /^[^\s@]+@[^\s@]+$/.test(v), 'Enter an address such as admin@example.com');

export const createAdminInput = z.object({
  email: emailField,
  password: z.string({ message: 'Enter a password' }),
  displayName: z.string().trim().max(200).optional(),
  role: z.enum(['SUPERADMIN', 'DOMAIN_ADMIN']),
  domainIds: z.array(idField).default([]),
});
export type CreateAdminInput = z.input<typeof createAdminInput>;

const adminSelect = { id: true, email: true, displayName: true, role: true, active: true, lastLoginAt: true, createdAt: true } as const;

export async function createAdminAccount(db: Db, actor: Actor, input: CreateAdminInput) {
  requireGlobal(actor, 'add administrators');
  const data = parseInput(createAdminInput, input);
  const problem = checkPasswordPolicy(data.password, { address: data.email });
  if (problem) throw new ValidationError({ password: problem });
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const admin = await tx.adminAccount.create({
        data: {
          email: data.email,
          displayName: data.displayName ?? '',
          passwordHash,
          role: data.role,
          domains: data.role === 'DOMAIN_ADMIN' ? { create: data.domainIds.map((domainId) => ({ domainId })) } : undefined,
        },
        select: adminSelect,
      });
      await writeAudit(tx, actor, { action: 'admin.create', targetType: 'admin', targetId: admin.id, after: { ...admin, domainIds: data.domainIds } });
      return admin;
    });
  } catch (error) {
    mapUniqueViolation(error, `The administrator ${data.email} already exists`, 'email');
  }
}

export async function listAdminAccounts(db: DbTx, actor: Actor) {
  requireGlobal(actor, 'list administrators');
  return db.adminAccount.findMany({ orderBy: { email: 'asc' }, select: { ...adminSelect, domains: { select: { domainId: true } } } });
}

/**
 * Checks a sign-in. Unknown accounts cost the same time as wrong
 * passwords, so the answer does not reveal which addresses exist.
 */
export async function authenticateAdmin(db: Db, email: string, password: string) {
  const account = await db.adminAccount.findUnique({ where: { email: email.trim().toLowerCase() } });
  const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!account || !ok || !account.active) return null;
  await db.adminAccount.update({ where: { id: account.id }, data: { lastLoginAt: new Date() } });
  return { id: account.id, email: account.email, role: account.role, displayName: account.displayName };
}

/** The Actor for a signed-in admin, re-read so a switched-off account stops at once. */
export async function adminActor(db: DbTx, id: number, ip?: string): Promise<Actor> {
  const account = await db.adminAccount.findUnique({ where: { id } });
  if (!account?.active) throw new NotFoundError('This administrator account no longer exists');
  return account.role === 'SUPERADMIN'
    ? { kind: 'superadmin', id: account.id, email: account.email, ip }
    : { kind: 'domain_admin', id: account.id, email: account.email, ip };
}

/**
 * The Actor behind a session cookie: the session must still be open (not
 * signed out, not ended by a password change or "sign out everywhere") and
 * the account active.
 */
export async function sessionActor(db: DbTx, session: { adminId: number; sessionId: string | undefined; ip?: string }): Promise<Actor> {
  if (!session.sessionId || !(await isAdminSessionOpen(db, session.sessionId, session.adminId))) {
    throw new NotFoundError('This session has ended');
  }
  return adminActor(db, session.adminId, session.ip);
}

/**
 * First start: makes sure a superadmin exists. When no password is given
 * one is generated and returned, to be printed once.
 */
export async function ensureSuperadmin(db: Db, options: { email: string; password?: string }) {
  const existing = await db.adminAccount.findFirst({ where: { role: 'SUPERADMIN' } });
  if (existing) return { created: false as const, email: existing.email };
  const password = options.password ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const admin = await db.$transaction(async (tx) => {
    const created = await tx.adminAccount.create({
      data: { email: options.email.trim().toLowerCase(), passwordHash, role: 'SUPERADMIN' },
      select: adminSelect,
    });
    await writeAudit(tx, SYSTEM_ACTOR, { action: 'admin.create', targetType: 'admin', targetId: created.id, after: created });
    return created;
  });
  return { created: true as const, email: admin.email, password: options.password ? undefined : password };
}

export const changeAdminPasswordInput = z.object({
  adminId: idField,
  /** Required when admins change their own password. */
  currentPassword: z.string().optional(),
  newPassword: z.string({ message: 'Enter a password' }),
});
export type ChangeAdminPasswordInput = z.input<typeof changeAdminPasswordInput>;

/**
 * A new password ends every other session of the account (a stolen
 * cookie stops working); the session it was changed from stays open.
 */
export async function changeAdminPassword(db: Db, actor: Actor, input: ChangeAdminPasswordInput, options: { keepSessionId?: string } = {}) {
  const data = parseInput(changeAdminPasswordInput, input);
  const self = isSelf(actor, data.adminId);
  if (!self) requireGlobal(actor, "change another administrator's password");
  const account = await db.adminAccount.findUnique({ where: { id: data.adminId } });
  if (!account) throw new NotFoundError('This administrator account no longer exists');
  if (self && !(await verifyPassword(account.passwordHash, data.currentPassword ?? ''))) {
    throw new ValidationError({ currentPassword: 'This is not your current password' });
  }
  const problem = checkPasswordPolicy(data.newPassword, { address: account.email });
  if (problem) throw new ValidationError({ newPassword: problem });
  const passwordHash = await hashPassword(data.newPassword);
  await db.$transaction(async (tx) => {
    await tx.adminAccount.update({ where: { id: account.id }, data: { passwordHash } });
    const ended = await closeSessionsOf(tx, account.id, 'password', self ? options.keepSessionId : undefined);
    await writeAudit(tx, actor, { action: 'admin.password', targetType: 'admin', targetId: account.id, after: { sessionsEnded: ended } });
  });
}

async function requireAnotherActiveSuperadmin(tx: DbTx, adminId: number): Promise<void> {
  const others = await tx.adminAccount.count({ where: { role: 'SUPERADMIN', active: true, id: { not: adminId } } });
  if (others === 0) throw new ValidationError({ active: 'The last active superadmin cannot be switched off or removed' });
}

/** Switching an account off ends its sessions at once. */
export async function setAdminActive(db: Db, actor: Actor, adminId: number, active: boolean) {
  requireGlobal(actor, 'switch administrators on or off');
  return db.$transaction(async (tx) => {
    const before = await tx.adminAccount.findUnique({ where: { id: adminId }, select: adminSelect });
    if (!before) throw new NotFoundError('This administrator account no longer exists');
    if (!active && before.role === 'SUPERADMIN') await requireAnotherActiveSuperadmin(tx, adminId);
    const after = await tx.adminAccount.update({ where: { id: adminId }, data: { active }, select: adminSelect });
    if (!active) await closeSessionsOf(tx, adminId, 'disabled');
    await writeAudit(tx, actor, { action: active ? 'admin.enable' : 'admin.disable', targetType: 'admin', targetId: adminId, before, after });
    return after;
  });
}

/** Removing an account removes its sessions with it (the rows cascade). */
export async function removeAdminAccount(db: Db, actor: Actor, adminId: number) {
  requireGlobal(actor, 'remove administrators');
  await db.$transaction(async (tx) => {
    const before = await tx.adminAccount.findUnique({ where: { id: adminId }, select: adminSelect });
    if (!before) throw new NotFoundError('This administrator account no longer exists');
    if (before.role === 'SUPERADMIN') await requireAnotherActiveSuperadmin(tx, adminId);
    await tx.adminAccount.delete({ where: { id: adminId } });
    await writeAudit(tx, actor, { action: 'admin.remove', targetType: 'admin', targetId: adminId, before });
  });
}
