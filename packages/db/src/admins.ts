import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy, dummyPasswordHash, hashPassword, NotFoundError, ValidationError, verifyPassword } from '@kontor/core';
import { z } from 'zod';
import { type Actor, requireGlobal, SYSTEM_ACTOR } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';
import { AdminRole } from './generated/enums.ts';
import { mapUniqueViolation, parseInput } from './validate.ts';

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
  domainIds: z.array(z.coerce.number().int().positive()).default([]),
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
