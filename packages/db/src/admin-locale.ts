import { isLocale, type Locale } from '@kontor/core';
import type { Actor } from './actor.ts';
import type { Db, DbTx } from './client.ts';

/** The panel language an admin chose, or null to follow the browser. */
export async function getAdminLocale(db: DbTx, adminId: number): Promise<Locale | null> {
  const admin = await db.adminAccount.findUnique({ where: { id: adminId }, select: { locale: true } });
  return isLocale(admin?.locale) ? admin.locale : null;
}

/** Remembers the signed-in admin's panel language (a preference, not an audited change). */
export async function setAdminLocale(db: Db, actor: Actor, locale: Locale): Promise<void> {
  if (actor.kind !== 'superadmin' && actor.kind !== 'domain_admin') return;
  await db.adminAccount.update({ where: { id: actor.id }, data: { locale } });
}
