import { formatSize, unicodeAddress } from '@kontor/core';
import type { DashboardStats } from '@kontor/db';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Card, CardBody, EmptyRow, Table, Td, Th } from '@/components/ui.tsx';
import { traceSearchHref } from '@/lib/trace-links.ts';
import { DailyMailChart, HorizontalBarChart } from './charts.tsx';
import { groupRefusals } from './refusal-reasons.ts';

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** Received, sent and refused per day: the chart, and the same numbers as a table. */
export async function MailPerDay({ stats }: { stats: DashboardStats }) {
  const t = await getTranslations('dashboard');
  const format = await getFormatter();
  const summary = t('perDay.summary', stats.totals);
  return (
    <Card title={t('perDay.title')} description={t('perDay.description')} id="mail-per-day">
      <CardBody>
        <DailyMailChart days={stats.days.map(({ day, received, sent, refused }) => ({ day, received, sent, refused }))} summary={summary} />
        <details className="mt-4 text-sm">
          <summary className="cursor-pointer font-medium text-indigo-600 hover:text-indigo-500">{t('perDay.showTable')}</summary>
          <div className="mt-3">
            <Table label={t('perDay.showTable')}>
              <thead className="bg-slate-50">
                <tr>
                  <Th>{t('perDay.day')}</Th>
                  <Th className="text-right">{t('series.received')}</Th>
                  <Th className="text-right">{t('series.sent')}</Th>
                  <Th className="text-right">{t('series.refused')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {stats.days.map((d) => (
                  <tr key={d.day} data-day={d.day}>
                    <Td className="whitespace-nowrap">
                      <time dateTime={d.day}>{format.dateTime(dayDate(d.day), { dateStyle: 'medium', timeZone: 'UTC' })}</time>
                    </Td>
                    <Td className="text-right tabular-nums">{format.number(d.received)}</Td>
                    <Td className="text-right tabular-nums">{format.number(d.sent)}</Td>
                    <Td className="text-right tabular-nums">{format.number(d.refused)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </details>
      </CardBody>
    </Card>
  );
}

/** Refusals grouped by the reason a person reads, with the SMTP replies beside them. */
export async function RefusalsByReason({ stats }: { stats: DashboardStats }) {
  const t = await getTranslations('dashboard');
  const format = await getFormatter();
  const groups = groupRefusals(stats.refusals);
  const name = (g: (typeof groups)[number]) => (g.reason ? t(`reasons.${g.reason}`) : (g.replies[0] ?? t('reasons.other')));
  const summary = t('refusals.summary', {
    count: groups.length,
    list: groups.map((g) => `${name(g)}: ${format.number(g.count)}`).join('; '),
  });
  return (
    <Card title={t('refusals.title')} description={t('refusals.description')} id="refusals">
      {groups.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-500">{t('refusals.empty')}</p>
        </CardBody>
      ) : (
        <>
          <CardBody>
            <HorizontalBarChart
              testId="chart-refusals"
              color="refused"
              summary={summary}
              items={groups.map((g) => ({ name: name(g), value: g.count, valueLabel: format.number(g.count) }))}
            />
          </CardBody>
          <Table label={t('refusals.title')}>
            <thead className="bg-slate-50">
              <tr>
                <Th>{t('refusals.reason')}</Th>
                <Th className="hidden sm:table-cell">{t('refusals.reply')}</Th>
                <Th className="text-right">{t('refusals.count')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {groups.map((g) => (
                <tr key={g.replies.join('\n')}>
                  <Td>{name(g)}</Td>
                  <Td className="hidden max-w-64 font-mono text-xs break-words text-slate-500 sm:table-cell">{g.replies.join(' · ')}</Td>
                  <Td className="text-right tabular-nums">{format.number(g.count)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

const STORAGE_BARS = 8;

/** The largest domains by storage used. */
export async function StoragePerDomain({
  domains,
  superadmin,
}: {
  domains: ReadonlyArray<{ id: number; unicodeName: string; usedBytes: bigint; mailboxCount: number }>;
  superadmin: boolean;
}) {
  const t = await getTranslations('dashboard');
  const format = await getFormatter();
  const locale = await getLocale();
  const sorted = [...domains].sort((a, b) => (b.usedBytes > a.usedBytes ? 1 : b.usedBytes < a.usedBytes ? -1 : a.unicodeName.localeCompare(b.unicodeName)));
  const shown = sorted.slice(0, STORAGE_BARS);
  const rest = sorted.length - shown.length;
  const summary = t('storage.summary', { list: shown.map((d) => `${d.unicodeName}: ${formatSize(d.usedBytes, locale)}`).join('; ') });
  return (
    <Card title={t('storage.title')} description={t('storage.description')} id="storage">
      {shown.length === 0 ? (
        <CardBody>
          <p className="text-sm text-slate-500">{t('storage.empty')}</p>
        </CardBody>
      ) : (
        <>
          <CardBody>
            <HorizontalBarChart
              testId="chart-storage"
              color="received"
              summary={summary}
              items={shown.map((d) => ({ name: d.unicodeName, value: Number(d.usedBytes), valueLabel: formatSize(d.usedBytes, locale) }))}
            />
          </CardBody>
          <Table label={t('storage.title')}>
            <thead className="bg-slate-50">
              <tr>
                <Th>{t('storage.domain')}</Th>
                <Th className="text-right">{t('storage.mailboxes')}</Th>
                <Th className="text-right">{t('storage.used')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((d) => (
                <tr key={d.id}>
                  <Td className="wrap-anywhere sm:max-w-48 sm:truncate">
                    <Link href={`/domains/${d.id}`} className="font-medium text-slate-900 hover:text-indigo-600">
                      {d.unicodeName}
                    </Link>
                  </Td>
                  <Td className="text-right tabular-nums">{format.number(d.mailboxCount)}</Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">{formatSize(d.usedBytes, locale)}</Td>
                </tr>
              ))}
              {rest > 0 && (
                <tr>
                  <Td className="text-slate-500">
                    {superadmin ? <Link href="/domains">{t('storage.more', { count: rest })}</Link> : t('storage.more', { count: rest })}
                  </Td>
                  <Td />
                  <Td />
                </tr>
              )}
            </tbody>
          </Table>
        </>
      )}
    </Card>
  );
}

/** Top senders or recipients, each a link to its mail in the trace. */
export async function TopAddresses({ kind, stats }: { kind: 'senders' | 'recipients'; stats: DashboardStats }) {
  const t = await getTranslations('dashboard.top');
  const format = await getFormatter();
  const rows = kind === 'senders' ? stats.topSenders : stats.topRecipients;
  const title = t(kind);
  return (
    <Card title={title} description={t('description', { days: stats.topDays })} id={`top-${kind}`}>
      <Table label={title}>
        <thead className="bg-slate-50">
          <tr>
            <Th>{t('address')}</Th>
            <Th className="text-right">{t('count')}</Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 && <EmptyRow colSpan={2}>{t('empty')}</EmptyRow>}
          {rows.map((r) => (
            <tr key={r.address}>
              <Td className="max-w-0 w-full">
                <Link
                  href={traceSearchHref(r.address)}
                  className="block truncate font-mono text-xs text-slate-800 hover:text-indigo-600"
                  aria-label={t('traceLink', { address: unicodeAddress(r.address) })}
                >
                  {unicodeAddress(r.address)}
                </Link>
              </Td>
              <Td className="text-right tabular-nums">{format.number(r.count)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
