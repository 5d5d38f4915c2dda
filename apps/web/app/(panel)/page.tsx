import { formatSize } from '@kontor/core';
import { listAuditLog, listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditTable } from '@/components/audit-table.tsx';
import { buttonClass, Card, PageHeader, StatCard } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { actor, superadmin } = await requireActor();
  const db = getDb();
  const [domains, audit] = await Promise.all([listDomains(db, actor), listAuditLog(db, actor, { limit: 10 })]);
  const mailboxes = domains.reduce((n, d) => n + d.mailboxCount, 0);
  const aliases = domains.reduce((n, d) => n + d.aliasCount, 0);
  const used = domains.reduce((n, d) => n + d.usedBytes, 0n);
  return (
    <>
      <PageHeader
        title="Dashboard"
        description={superadmin ? 'Everything this Kontor server hosts.' : 'The domains you administer.'}
        actions={
          superadmin && (
            <Link href="/domains#add-domain" className={buttonClass.primary}>
              Add domain
            </Link>
          )
        }
      />
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard label="Domains" value={domains.length} href="/domains" hint={`${domains.filter((d) => d.active).length} active`} />
        <StatCard label="Mailboxes" value={mailboxes} />
        <StatCard label="Aliases" value={aliases} />
        <StatCard label="Storage used" value={formatSize(used)} />
      </dl>
      <Card
        className="mt-8"
        title="Recent activity"
        description="The last ten changes."
        actions={
          <Link href="/audit" className={`${buttonClass.link} text-sm`}>
            View all
          </Link>
        }
      >
        <AuditTable entries={audit} domainNames={new Map(domains.map((d) => [d.id, d.unicodeName]))} />
      </Card>
    </>
  );
}
