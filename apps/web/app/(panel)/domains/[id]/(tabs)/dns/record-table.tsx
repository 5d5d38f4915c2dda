import type { DnsRecordCheck, DnsRecordPurpose } from '@kontor/core/dns';
import { getTranslations } from 'next-intl/server';
import { CopyButton } from '@/components/copy-button.tsx';
import { Badge, CellLabel, Table, Td, Th } from '@/components/ui.tsx';
import { issueText } from '@/lib/dns-words.ts';
import { ValueDiff } from './value-diff.tsx';

/** The message key of each record's purpose. */
const PURPOSE_KEYS = {
  mx: 'mx',
  spf: 'spf',
  dkim: 'dkim',
  dmarc: 'dmarc',
  'mta-sts': 'mtaSts',
  'mta-sts-host': 'mtaStsHost',
  'tls-rpt': 'tlsRpt',
  autoconfig: 'autoconfig',
  autodiscover: 'autodiscover',
  srv: 'srv',
  'host-spf': 'hostSpf',
  address: 'address',
  ptr: 'ptr',
  tlsa: 'tlsa',
  dnsbl: 'dnsbl',
} as const satisfies Record<DnsRecordPurpose, string>;

const TONES = { ok: 'green', missing: 'red', wrong: 'red', error: 'amber', optional: 'gray' } as const;

/** ok, missing, wrong, error, or optional (an optional record left out). */
export function shownStatus(record: DnsRecordCheck): keyof typeof TONES {
  return record.optional && record.status === 'missing' ? 'optional' : record.status;
}

/**
 * Records to publish with what DNS has: per row the status, the value to
 * publish (copyable) and, where it differs, the published one beside it
 * with the difference marked, and the findings. On phones each row is a card.
 */
export async function RecordTable({ records, label }: { records: DnsRecordCheck[]; label: string }) {
  const [t, tc] = await Promise.all([getTranslations('dns'), getTranslations('dnsCheck')]);
  return (
    <Table label={label}>
      <thead className="hidden bg-slate-50 sm:table-header-group">
        <tr>
          <Th className="w-44">{tc('status')}</Th>
          <Th className="w-16">{t('type')}</Th>
          <Th className="w-1/4">{t('name')}</Th>
          <Th>{t('value')}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {records.map((record) => {
          const status = shownStatus(record);
          const joiner = record.type === 'TXT' && !record.value.startsWith('v=spf1') ? '; ' : ' ';
          const differs = record.found.length > 0 && record.status !== 'ok';
          const notes = record.issues.filter((i) => i.code !== 'notPublished');
          return (
            <tr
              key={`${record.purpose} ${record.type} ${record.name} ${record.value}`}
              className="block py-3 sm:table-row sm:py-0"
              data-record-type={record.type}
              data-record-name={record.name}
              data-record-purpose={record.purpose}
              data-status={status}
            >
              <Td stacked className="align-top">
                <span className="flex flex-wrap items-center gap-2">
                  <span data-testid="dns-status" data-status={status}>
                    <Badge tone={TONES[status]}>{tc(`statuses.${status}`)}</Badge>
                  </span>
                  <span className="font-mono text-xs font-semibold text-slate-900 sm:hidden">{record.type}</span>
                </span>
                <p className="mt-1 text-xs text-slate-500">{tc(`purposes.${PURPOSE_KEYS[record.purpose]}`)}</p>
              </Td>
              <Td className="hidden align-top font-mono text-xs font-semibold text-slate-900 sm:table-cell">{record.type}</Td>
              <Td stacked className="align-top">
                <CellLabel>{t('name')}</CellLabel>
                <div className="flex items-start gap-2">
                  <code className="min-w-0 flex-1 font-mono text-xs wrap-anywhere text-slate-800" data-testid="dns-name">
                    {record.name}
                  </code>
                  <CopyButton value={record.name} label={t('copyName', { type: record.type, name: record.name })} />
                </div>
              </Td>
              <Td stacked className="align-top">
                <CellLabel>{tc('expected')}</CellLabel>
                <div className="flex items-start gap-2">
                  <code className="min-w-0 flex-1 font-mono text-xs wrap-anywhere text-slate-800 select-all" data-testid="dns-value">
                    {record.value ? (
                      record.diff && differs ? (
                        <ValueDiff parts={record.diff.expected} side="expected" joiner={joiner} />
                      ) : (
                        record.value
                      )
                    ) : (
                      <span className="font-sans text-slate-500 italic">{tc('anyAddress')}</span>
                    )}
                  </code>
                  {record.value && <CopyButton value={record.value} label={t('copyValue', { type: record.type, name: record.name })} />}
                </div>
                {differs && (
                  <div className="mt-2 rounded-md bg-slate-50 px-2 py-1.5">
                    <p className="text-xs font-medium text-slate-500">{tc('published')}</p>
                    <code className="block font-mono text-xs wrap-anywhere text-slate-800" data-testid="dns-found">
                      {record.diff ? <ValueDiff parts={record.diff.found} side="found" joiner={joiner} /> : record.found.join(' | ')}
                    </code>
                  </div>
                )}
                {notes.length > 0 && (
                  <ul className="mt-2 space-y-0.5 text-xs">
                    {notes.map((issue) => (
                      <li
                        key={`${issue.code} ${JSON.stringify(issue.values ?? {})}`}
                        data-testid="dns-issue"
                        data-code={issue.code}
                        className={status === 'ok' || status === 'optional' ? 'text-slate-500' : 'text-red-700'}
                      >
                        {issueText(tc, issue)}
                      </li>
                    ))}
                  </ul>
                )}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
