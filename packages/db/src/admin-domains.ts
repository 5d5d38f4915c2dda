/**
 * Which domains a domain admin administers. Superadmins see every domain
 * and have no assignments; each change is audited.
 */
import { NotFoundError, ValidationError } from '@kontor/core';
import { type Actor, requireGlobal } from './actor.ts';
import { writeAudit } from './audit.ts';
import type { Db, DbTx } from './client.ts';

/** An administrator by sign-in address, with the domains assigned; NotFound when there is none. */
export async function getAdminByEmail(db: DbTx, actor: Actor, email: string) {
  requireGlobal(actor, 'look up administrators');
  const admin = await db.adminAccount.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, displayName: true, role: true, active: true, lastLoginAt: true, createdAt: true, domains: { select: { domainId: true } } },
  });
  if (!admin) throw new NotFoundError(`No administrator ${email.trim()}`);
  return admin;
}

/** Gives a domain admin one more domain (nothing changes when it is already theirs). */
export async function assignAdminDomain(db: Db, actor: Actor, adminId: number, domainId: number): Promise<boolean> {
  requireGlobal(actor, 'assign domains to administrators');
  return db.$transaction(async (tx) => {
    const admin = await tx.adminAccount.findUnique({ where: { id: adminId }, select: { id: true, email: true, role: true } });
    if (!admin) throw new NotFoundError('This administrator account no longer exists');
    if (admin.role !== 'DOMAIN_ADMIN') throw new ValidationError({ role: `${admin.email} is a superadmin and already administers every domain` });
    const { count } = await tx.domainAdmin.createMany({ data: [{ adminId, domainId }], skipDuplicates: true });
    if (count)
      await writeAudit(tx, actor, { action: 'admin.assign', targetType: 'admin', targetId: adminId, domainId, after: { email: admin.email, domainId } });
    return count > 0;
  });
}

/** Takes a domain away from a domain admin; false when it was not theirs. */
export async function unassignAdminDomain(db: Db, actor: Actor, adminId: number, domainId: number): Promise<boolean> {
  requireGlobal(actor, 'take domains from administrators');
  return db.$transaction(async (tx) => {
    const admin = await tx.adminAccount.findUnique({ where: { id: adminId }, select: { id: true, email: true } });
    if (!admin) throw new NotFoundError('This administrator account no longer exists');
    const { count } = await tx.domainAdmin.deleteMany({ where: { adminId, domainId } });
    if (count)
      await writeAudit(tx, actor, { action: 'admin.unassign', targetType: 'admin', targetId: adminId, domainId, before: { email: admin.email, domainId } });
    return count > 0;
  });
}

/** Sets a domain admin's domains to exactly `domainIds` (the panel's checkboxes), audited once. */
export async function setAdminDomains(db: Db, actor: Actor, adminId: number, domainIds: number[]): Promise<void> {
  requireGlobal(actor, 'assign domains to administrators');
  await db.$transaction(async (tx) => {
    const admin = await tx.adminAccount.findUnique({ where: { id: adminId }, select: { email: true, role: true, domains: { select: { domainId: true } } } });
    if (!admin) throw new NotFoundError('This administrator account no longer exists');
    if (admin.role !== 'DOMAIN_ADMIN') throw new ValidationError({ domainIds: `${admin.email} is a superadmin and administers every domain` });
    const wanted = new Set(domainIds);
    const before = admin.domains.map((d) => d.domainId).sort((a, b) => a - b);
    await tx.domainAdmin.deleteMany({ where: { adminId, domainId: { notIn: [...wanted] } } });
    await tx.domainAdmin.createMany({ data: [...wanted].map((domainId) => ({ adminId, domainId })), skipDuplicates: true });
    const after = [...wanted].sort((a, b) => a - b);
    if (before.join() !== after.join()) {
      await writeAudit(tx, actor, {
        action: 'admin.domains',
        targetType: 'admin',
        targetId: adminId,
        before: { email: admin.email, domainIds: before },
        after: { email: admin.email, domainIds: after },
      });
    }
  });
}
