import { PASSWORD_MIN_LENGTH } from '@kontor/core';
import { isAdminTwoFactorRequired, listAdminAccounts, listAdminTwoFactor, listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { AddAdminForm } from './add-admin-form.tsx';
import { AdminRowActions } from './admin-row.tsx';
import { RequireTwoFactorForm } from './require-two-factor-form.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('admins');
  return { title: t('title') };
}

export default async function AdminsPage() {
  const { actor, superadmin, user } = await requireActor();
  if (!superadmin) notFound();
  const db = getDb();
  const [admins, domainRows, twoFactor, required] = await Promise.all([
    listAdminAccounts(db, actor),
    listDomains(db, actor),
    listAdminTwoFactor(db, actor),
    isAdminTwoFactorRequired(db),
  ]);
  const t = await getTranslations('admins');
  const format = await getFormatter();
  const domains = domainRows.map((d) => ({ id: d.id, name: d.unicodeName }));
  const names = new Map(domains.map((d) => [d.id, d.name]));
  const twoFactorBadge = (adminId: number) => {
    const state = twoFactor.get(adminId);
    if (state) {
      return (
        <Badge tone="green" title={t('table.codesLeft', { count: state.recoveryCodesLeft })}>
          {t('table.twoFactorOn')}
        </Badge>
      );
    }
    return required ? <Badge tone="amber">{t('table.twoFactorMissing')}</Badge> : <Badge tone="gray">{t('table.twoFactorOff')}</Badge>;
  };
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <Card>
        <Table label={t('table.label')}>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t('table.admin')}</Th>
              <Th className="hidden md:table-cell">{t('table.roleAndDomains')}</Th>
              <Th className="hidden sm:table-cell">{t('table.twoFactor')}</Th>
              <Th className="hidden lg:table-cell">{t('table.lastSignIn')}</Th>
              <Th>{t('table.actions')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {admins.map((admin) => {
              const isSuper = admin.role === 'SUPERADMIN';
              const role = <Badge tone={isSuper ? 'indigo' : 'gray'}>{isSuper ? t('table.superadmin') : t('table.domainAdmin')}</Badge>;
              return (
                <tr key={admin.id} data-admin={admin.email} className="align-top">
                  <Td>
                    <p className="font-medium break-all text-slate-900 lg:break-normal">{admin.email}</p>
                    {admin.displayName && <p className="text-xs text-slate-500">{admin.displayName}</p>}
                    <div className="mt-1 flex flex-wrap gap-1">
                      {admin.active ? <Badge tone="green">{t('table.active')}</Badge> : <Badge tone="gray">{t('table.inactive')}</Badge>}
                      {admin.id === user.id && <Badge tone="green">{t('table.you')}</Badge>}
                      <span className="md:hidden">{role}</span>
                      <span className="sm:hidden">{twoFactorBadge(admin.id)}</span>
                    </div>
                  </Td>
                  <Td className="hidden md:table-cell">
                    {role}
                    <p className="mt-1 text-xs text-slate-500">
                      {isSuper
                        ? t('table.allDomains')
                        : admin.domains
                            .map((d) => names.get(d.domainId))
                            .filter(Boolean)
                            .join(', ') || t('table.noDomain')}
                    </p>
                  </Td>
                  <Td className="hidden sm:table-cell">{twoFactorBadge(admin.id)}</Td>
                  <Td className="hidden whitespace-nowrap lg:table-cell">
                    {admin.lastLoginAt ? format.dateTime(admin.lastLoginAt, { dateStyle: 'medium', timeStyle: 'short' }) : t('table.never')}
                  </Td>
                  <Td>
                    <AdminRowActions
                      admin={{
                        id: admin.id,
                        email: admin.email,
                        active: admin.active,
                        superadmin: isSuper,
                        domainIds: admin.domains.map((d) => d.domainId),
                        twoFactor: twoFactor.has(admin.id),
                      }}
                      domains={domains}
                      self={admin.id === user.id}
                    />
                  </Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </Card>
      <Card id="require-two-factor" className="mt-8" title={t('require.title')} description={t('require.description')}>
        <CardBody>
          <RequireTwoFactorForm required={required} enabled={twoFactor.size} total={admins.length} />
        </CardBody>
      </Card>
      <Card id="add-admin" className="mt-8" title={t('add.title')} description={t('add.description')}>
        <CardBody>
          <AddAdminForm domains={domains} minLength={PASSWORD_MIN_LENGTH} />
        </CardBody>
      </Card>
    </>
  );
}
