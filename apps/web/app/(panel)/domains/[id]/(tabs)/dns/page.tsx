import { dnsRecordSettings, loadConfig } from '@kontor/core';
import { domainDnsRecords, listDkimKeys } from '@kontor/db';
import type { Metadata } from 'next';
import { Badge, Card, CardBody, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { formatDateTime } from '@/lib/format.ts';
import { requireActor } from '@/lib/session.ts';
import { DkimRotation } from './dkim-rotation.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const domain = await loadDomain((await params).id);
  return { title: `DNS records of ${domain.unicodeName}` };
}

const PURPOSE: Record<string, string> = {
  MX: 'Mail for the domain comes to this server',
  SPF: 'This server may send for the domain',
  DKIM: 'Public key for the signatures on outgoing mail',
  DMARC: 'What receivers do with mail that fails SPF and DKIM',
  CNAME: 'Mail apps find their settings (autoconfig, autodiscover)',
  SRV: 'Mail apps find the servers (RFC 6186)',
};

function purpose(record: { type: string; name: string; value: string }): string {
  if (record.type === 'TXT') return record.value.startsWith('v=spf1') ? PURPOSE.SPF! : record.value.startsWith('v=DKIM1') ? PURPOSE.DKIM! : PURPOSE.DMARC!;
  return PURPOSE[record.type] ?? '';
}

export default async function DomainDnsPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { actor } = await requireActor();
  const records = await domainDnsRecords(getDb(), actor, domain.id, dnsRecordSettings(loadConfig()));
  const keys = await listDkimKeys(getDb(), actor, domain.id);
  return (
    <div className="space-y-8">
      <Card
        title="Records to publish"
        description="Add these at the domain's DNS provider. Names are fully qualified; values go in as shown (TXT without extra quotes)."
      >
        <Table label="DNS records">
          <thead className="bg-slate-50">
            <tr>
              <Th>Type</Th>
              <Th>Name</Th>
              <Th>Value</Th>
              <Th>Purpose</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {records.map((record) => (
              <tr key={`${record.type} ${record.name} ${record.value}`} className="align-top" data-record-type={record.type} data-record-name={record.name}>
                <Td className="align-top font-mono text-xs">{record.type}</Td>
                <Td className="align-top font-mono text-xs break-all">{record.name}</Td>
                <Td className="max-w-md align-top">
                  <code className="block font-mono text-xs break-all select-all">{record.value}</code>
                </Td>
                <Td className="align-top text-xs text-slate-500">{purpose(record)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="DKIM keys" description="Outgoing mail is signed with the active key. A rotation publishes a new key beside it first, then switches.">
        <CardBody className="space-y-4">
          <ul className="space-y-2">
            {keys.map((key) => (
              <li key={key.selector} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono">{key.selector}</span>
                <Badge tone={key.state === 'active' ? 'green' : key.state === 'pending' ? 'amber' : 'gray'}>
                  {key.state === 'pending' ? 'waiting for activation' : key.state}
                </Badge>
                <span className="text-xs text-slate-500">
                  made {formatDateTime(key.createdAt)}
                  {key.retiredAt ? `, retired ${formatDateTime(key.retiredAt)}` : ''}
                </span>
              </li>
            ))}
          </ul>
          <DkimRotation domainId={domain.id} pending={keys.some((k) => k.state === 'pending')} />
        </CardBody>
      </Card>
    </div>
  );
}
