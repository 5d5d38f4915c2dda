import { formatQuota, formatSize } from '@kontor/core';
import { listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActiveBadge, Alert, Card, CardBody, EmptyRow, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { CreateDomainForm } from './create-domain-form.tsx';

export const metadata: Metadata = { title: 'Domains' };

export default async function DomainsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor, superadmin } = await requireActor();
  const params = await searchParams;
  const domains = await listDomains(getDb(), actor);
  return (
    <>
      <PageHeader title="Domains" description={superadmin ? 'Every domain this server receives mail for.' : 'The domains you administer.'} />
      {params.deleted && (
        <div className="mb-6">
          <Alert tone="green">The domain was deleted.</Alert>
        </div>
      )}
      <Card>
        <Table label="Domains">
          <thead className="bg-slate-50">
            <tr>
              <Th>Domain</Th>
              <Th className="text-right">Mailboxes</Th>
              <Th className="text-right">Aliases</Th>
              <Th className="text-right">Storage used</Th>
              <Th className="hidden lg:table-cell">Default quota</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {domains.length === 0 && (
              <EmptyRow colSpan={6}>{superadmin ? 'No domains yet. Add the first one below.' : 'No domain is assigned to you yet.'}</EmptyRow>
            )}
            {domains.map((domain) => (
              <tr key={domain.id} className="hover:bg-slate-50" data-domain={domain.name}>
                <Td>
                  <Link href={`/domains/${domain.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                    {domain.unicodeName}
                  </Link>
                  {domain.unicodeName !== domain.name && <span className="ml-2 font-mono text-xs text-slate-500">{domain.name}</span>}
                  {domain.description && <p className="mt-0.5 max-w-md truncate text-xs text-slate-500">{domain.description}</p>}
                </Td>
                <Td className="text-right tabular-nums">
                  {domain.mailboxCount}
                  {domain.maxMailboxes > 0 && <span className="text-slate-400"> / {domain.maxMailboxes}</span>}
                </Td>
                <Td className="text-right tabular-nums">{domain.aliasCount}</Td>
                <Td className="text-right whitespace-nowrap tabular-nums">{formatSize(domain.usedBytes)}</Td>
                <Td className="hidden whitespace-nowrap lg:table-cell">{formatQuota(domain.defaultQuotaBytes)}</Td>
                <Td>
                  <ActiveBadge active={domain.active} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      {superadmin && (
        <Card id="add-domain" className="mt-8" title="Add a domain" description="Then point its MX record at this server and add mailboxes.">
          <CardBody>
            <CreateDomainForm />
          </CardBody>
        </Card>
      )}
    </>
  );
}
