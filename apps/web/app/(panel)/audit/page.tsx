import { listAuditLog, listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import { AuditTable } from '@/components/audit-table.tsx';
import { Card, PageHeader } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';

export const metadata: Metadata = { title: 'Audit log' };

const LIMIT = 200;

export default async function AuditPage() {
  const { actor, superadmin } = await requireActor();
  const db = getDb();
  const [entries, domains] = await Promise.all([listAuditLog(db, actor, { limit: LIMIT }), listDomains(db, actor)]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Every change, newest first${superadmin ? '' : ', for the domains you administer'}. The last ${LIMIT} are shown.`}
      />
      <Card>
        <AuditTable entries={entries} domainNames={new Map(domains.map((d) => [d.id, d.unicodeName]))} />
      </Card>
    </>
  );
}
