import { PASSWORD_MIN_LENGTH } from '@kontor/core';
import { listAdminAccounts, listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActiveBadge, Badge, Card, CardBody, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { formatDateTime } from '@/lib/format.ts';
import { requireActor } from '@/lib/session.ts';
import { AddAdminForm } from './add-admin-form.tsx';
import { AdminRowActions } from './admin-row.tsx';

export const metadata: Metadata = { title: 'Administrators' };

export default async function AdminsPage() {
  const { actor, superadmin, user } = await requireActor();
  if (!superadmin) notFound();
  const db = getDb();
  const [admins, domainRows] = await Promise.all([listAdminAccounts(db, actor), listDomains(db, actor)]);
  const domains = domainRows.map((d) => ({ id: d.id, name: d.unicodeName }));
  const names = new Map(domains.map((d) => [d.id, d.name]));
  return (
    <>
      <PageHeader title="Administrators" description="Who may sign in to this panel. Domain admins see only the domains ticked for them." />
      <Card>
        <Table label="Administrators">
          <thead className="bg-slate-50">
            <tr>
              <Th>Administrator</Th>
              <Th className="hidden md:table-cell">Role and domains</Th>
              <Th className="hidden lg:table-cell">Last sign-in</Th>
              <Th>Actions</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {admins.map((admin) => {
              const isSuper = admin.role === 'SUPERADMIN';
              return (
                <tr key={admin.id} data-admin={admin.email} className="align-top">
                  <Td>
                    <p className="font-medium text-slate-900">{admin.email}</p>
                    {admin.displayName && <p className="text-xs text-slate-500">{admin.displayName}</p>}
                    <div className="mt-1 flex flex-wrap gap-1">
                      <ActiveBadge active={admin.active} />
                      {admin.id === user.id && <Badge tone="green">You</Badge>}
                      <span className="md:hidden">
                        <Badge tone={isSuper ? 'indigo' : 'gray'}>{isSuper ? 'Superadmin' : 'Domain admin'}</Badge>
                      </span>
                    </div>
                  </Td>
                  <Td className="hidden md:table-cell">
                    <Badge tone={isSuper ? 'indigo' : 'gray'}>{isSuper ? 'Superadmin' : 'Domain admin'}</Badge>
                    <p className="mt-1 text-xs text-slate-500">
                      {isSuper
                        ? 'All domains'
                        : admin.domains
                            .map((d) => names.get(d.domainId))
                            .filter(Boolean)
                            .join(', ') || 'No domain yet'}
                    </p>
                  </Td>
                  <Td className="hidden whitespace-nowrap lg:table-cell">{admin.lastLoginAt ? formatDateTime(admin.lastLoginAt) : 'Never'}</Td>
                  <Td>
                    <AdminRowActions
                      admin={{ id: admin.id, email: admin.email, active: admin.active, superadmin: isSuper, domainIds: admin.domains.map((d) => d.domainId) }}
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
      <Card id="add-admin" className="mt-8" title="Add an administrator" description="They sign in at this panel with their email address and this password.">
        <CardBody>
          <AddAdminForm domains={domains} minLength={PASSWORD_MIN_LENGTH} />
        </CardBody>
      </Card>
    </>
  );
}
