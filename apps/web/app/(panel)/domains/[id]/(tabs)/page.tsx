import { formatQuota, formatSize } from '@kontor/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActiveBadge, Card, CardBody, EmptyRow, Table, Td, Th, UsageBar } from '@/components/ui.tsx';
import { loadDomain, loadMailboxes } from '@/lib/domain.ts';
import { CreateMailboxForm } from '../create-mailbox-form.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const domain = await loadDomain((await params).id);
  return { title: `Mailboxes of ${domain.unicodeName}` };
}

export default async function DomainMailboxesPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const mailboxes = await loadMailboxes(domain.id);
  return (
    <div className="space-y-8">
      <Card>
        <Table label="Mailboxes">
          <thead className="bg-slate-50">
            <tr>
              <Th>Address</Th>
              <Th className="w-64">Storage</Th>
              <Th className="text-right">Messages</Th>
              <Th>Status</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {mailboxes.length === 0 && <EmptyRow colSpan={4}>No mailboxes yet. Create the first one below.</EmptyRow>}
            {mailboxes.map((mailbox) => (
              <tr key={mailbox.id} className="hover:bg-slate-50">
                <Td>
                  <Link href={`/domains/${domain.id}/mailboxes/${mailbox.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                    {mailbox.displayAddress}
                  </Link>
                  {mailbox.displayName && <p className="text-xs text-slate-500">{mailbox.displayName}</p>}
                </Td>
                <Td>
                  <UsageBar used={Number(mailbox.usedBytes)} quota={Number(mailbox.quotaBytes)} label={`Storage of ${mailbox.displayAddress}`} />
                  <p className="mt-1 text-xs text-slate-500 tabular-nums">
                    {formatSize(mailbox.usedBytes)} of {formatQuota(mailbox.quotaBytes)}
                  </p>
                </Td>
                <Td className="text-right tabular-nums">{mailbox.messageCount}</Td>
                <Td>
                  <ActiveBadge active={mailbox.active} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Add a mailbox" description={`A mailbox receives mail for an address of ${domain.unicodeName} and signs in to IMAP, POP3, SMTP and webmail.`}>
        <CardBody>
          <CreateMailboxForm domainId={domain.id} domainName={domain.unicodeName} defaultQuota={formatQuota(domain.defaultQuotaBytes)} />
        </CardBody>
      </Card>
    </div>
  );
}
