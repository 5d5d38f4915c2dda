import { dnsRecordSettings, loadConfig, zoneFileLines } from '@kontor/core';
import { domainDnsRecords, listDkimKeys } from '@kontor/db';
import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/copy-button.tsx';
import { Badge, Card, CardBody, CellLabel, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DkimRotation } from './dkim-rotation.tsx';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [domain, t] = await Promise.all([loadDomain((await params).id), getTranslations('dns')]);
  return { title: t('pageTitle', { domain: domain.unicodeName }) };
}

type Purpose = 'MX' | 'SPF' | 'DKIM' | 'DMARC' | 'CNAME' | 'SRV';

function purpose(record: { type: string; value: string }): Purpose {
  if (record.type === 'TXT') return record.value.startsWith('v=spf1') ? 'SPF' : record.value.startsWith('v=DKIM1') ? 'DKIM' : 'DMARC';
  return record.type as Purpose;
}

export default async function DomainDnsPage({ params }: Props) {
  const domain = await loadDomain((await params).id);
  const { actor } = await requireActor();
  const [records, keys, t, format] = await Promise.all([
    domainDnsRecords(getDb(), actor, domain.id, dnsRecordSettings(loadConfig())),
    listDkimKeys(getDb(), actor, domain.id),
    getTranslations('dns'),
    getFormatter(),
  ]);
  const date = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="space-y-8">
      <Card
        title={t('recordsTitle')}
        description={t('recordsDescription')}
        actions={<CopyButton value={`${zoneFileLines(records).join('\n')}\n`} label={t('copyZoneLabel')} text={t('copyZone')} />}
      >
        {/* Phones: one card per record (rows and cells as blocks); values break at their spaces first, anywhere only when they must. */}
        <Table label={t('tableLabel')}>
          <thead className="hidden bg-slate-50 sm:table-header-group">
            <tr>
              <Th className="w-20">{t('type')}</Th>
              <Th className="w-1/4">{t('name')}</Th>
              <Th>{t('value')}</Th>
              <Th className="hidden w-48 lg:table-cell">{t('purpose')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {records.map((record) => (
              <tr
                key={`${record.type} ${record.name} ${record.value}`}
                className="block py-3 sm:table-row sm:py-0"
                data-record-type={record.type}
                data-record-name={record.name}
              >
                <Td stacked>
                  <span className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-mono text-xs font-semibold text-slate-900">{record.type}</span>
                    <span className="text-xs text-slate-500 sm:hidden">{t(`purposes.${purpose(record)}`)}</span>
                  </span>
                </Td>
                <Td stacked>
                  <CellLabel>{t('name')}</CellLabel>
                  <div className="flex items-start gap-2">
                    <code className="min-w-0 flex-1 font-mono text-xs wrap-anywhere text-slate-800" data-testid="dns-name">
                      {record.name}
                    </code>
                    <CopyButton value={record.name} label={t('copyName', { type: record.type, name: record.name })} />
                  </div>
                </Td>
                <Td stacked>
                  <CellLabel>{t('value')}</CellLabel>
                  <div className="flex items-start gap-2">
                    <code className="min-w-0 flex-1 font-mono text-xs wrap-anywhere text-slate-800 select-all" data-testid="dns-value">
                      {record.value}
                    </code>
                    <CopyButton value={record.value} label={t('copyValue', { type: record.type, name: record.name })} />
                  </div>
                </Td>
                <Td className="hidden align-top text-xs text-slate-500 lg:table-cell">{t(`purposes.${purpose(record)}`)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title={t('dkimTitle')} description={t('dkimDescription')}>
        <CardBody className="space-y-4">
          <ul className="space-y-2">
            {keys.map((key) => (
              <li key={key.selector} className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono break-all">{key.selector}</span>
                <Badge tone={key.state === 'active' ? 'green' : key.state === 'pending' ? 'amber' : 'gray'}>{t(`states.${key.state}`)}</Badge>
                <span className="text-xs text-slate-500">
                  {t('made', { date: date(key.createdAt) })}
                  {key.retiredAt ? `, ${t('retired', { date: date(key.retiredAt) })}` : ''}
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
