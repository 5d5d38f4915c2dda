import { unicodeAddress } from '@kontor/core';
import { listQuery, searchDeliveryLog, TRACE_COUNT_CAP, TRACE_STATUSES, type TraceRow, type TraceStatus } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Pagination, SearchForm } from '@/components/list-controls.tsx';
import { Alert, Badge, Card, EmptyRow, PageHeader, Table, Td, Th } from '@/components/ui.tsx';
import { dateRange } from '@/lib/date-range.ts';
import { getDb } from '@/lib/db.ts';
import { PANEL_TIME_ZONE } from '@/lib/locale.ts';
import { requireActor } from '@/lib/session.ts';
import { journeyHref } from '@/lib/trace-links.ts';
import { statusTone } from './tones.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('trace'))('title') };
}

type Search = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

const DIRECTIONS = ['INBOUND', 'OUTBOUND'] as const;

const fieldClass =
  'block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none';

/** DeliveryLog searched by address, Message-ID or queue id, by date, direction and result, newest first. */
export default async function TracePage({ searchParams }: { searchParams: Promise<Search> }) {
  const { actor, superadmin } = await requireActor();
  const [t, format] = await Promise.all([getTranslations('trace'), getFormatter()]);
  const params = await searchParams;
  const query = listQuery.parse({ q: first(params.q), page: first(params.page) || undefined, pageSize: first(params.pageSize) || undefined });
  const from = first(params.from);
  const to = first(params.to);
  const range = dateRange(from, to, PANEL_TIME_ZONE);
  const direction = DIRECTIONS.find((d) => d === first(params.direction));
  const status = TRACE_STATUSES.find((s) => s === first(params.status)) as TraceStatus | undefined;
  const result = await searchDeliveryLog(getDb(), actor, { ...query, since: range.since, until: range.until, direction, status });
  const kept = { q: query.q, from, to, direction, status, pageSize: first(params.pageSize) || undefined };
  const filtered = Boolean(query.q || from || to || direction || status);
  return (
    <>
      <PageHeader title={t('title')} description={superadmin ? t('description') : t('descriptionOwn')} />
      <Card>
        <div className="border-b border-slate-100 px-5 py-4">
          <SearchForm path="/trace" q={query.q} label={t('search')} hidden={{ pageSize: kept.pageSize }}>
            <label className="basis-36">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('from')}</span>
              <input type="date" name="from" defaultValue={from} className={fieldClass} />
            </label>
            <label className="basis-36">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('to')}</span>
              <input type="date" name="to" defaultValue={to} className={fieldClass} />
            </label>
            <label className="min-w-0 grow basis-44">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('direction')}</span>
              <select name="direction" defaultValue={direction ?? ''} className={fieldClass}>
                <option value="">{t('anyDirection')}</option>
                {DIRECTIONS.map((d) => (
                  <option key={d} value={d}>
                    {t(`directions.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="min-w-0 grow basis-44">
              <span className="mb-1 block text-xs font-medium text-slate-600">{t('status')}</span>
              <select name="status" defaultValue={status ?? ''} className={fieldClass}>
                <option value="">{t('anyStatus')}</option>
                {TRACE_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`statuses.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </SearchForm>
          {range.invalid.length > 0 && (
            <div className="mt-3">
              <Alert tone="amber">{range.invalid.map((value) => t('badDate', { value })).join(' ')}</Alert>
            </div>
          )}
          {result.capped && (
            <div className="mt-3">
              <Alert tone="blue">{t('capped', { count: TRACE_COUNT_CAP })}</Alert>
            </div>
          )}
        </div>
        <Table label={t('title')}>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t('when')}</Th>
              <Th>{t('message')}</Th>
              <Th>{t('result')}</Th>
              {/* relative: the hidden label stays inside the table's scroll box (else it widens the page on phones). */}
              <Th className="relative">
                <span className="sr-only">{t('journey')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {result.rows.length === 0 && <EmptyRow colSpan={4}>{filtered ? t('empty') : t('emptyAll')}</EmptyRow>}
            {result.rows.map((row) => (
              <TraceTableRow key={String(row.id)} row={row} when={format.dateTime(row.createdAt, { dateStyle: 'short', timeStyle: 'medium' })} t={t} />
            ))}
          </tbody>
        </Table>
        <Pagination path="/trace" params={kept} page={result.page} pageSize={result.pageSize} total={result.total} />
      </Card>
    </>
  );
}

function TraceTableRow({ row, when, t }: { row: TraceRow; when: string; t: Awaited<ReturnType<typeof getTranslations<'trace'>>> }) {
  const href = journeyHref({ queueId: row.queueId, id: row.id });
  const known = (TRACE_STATUSES as readonly string[]).includes(row.status);
  return (
    <tr className="align-top" data-trace-row={String(row.id)} data-queue-id={row.queueId || undefined}>
      <Td className="align-top text-xs whitespace-nowrap text-slate-500">
        <time dateTime={row.createdAt.toISOString()}>{when}</time>
        <div className="mt-1">
          <Badge tone={row.direction === 'INBOUND' ? 'indigo' : 'gray'}>{t(`directions.${row.direction}`)}</Badge>
        </div>
      </Td>
      <Td className="max-w-80 align-top">
        <p className="truncate font-mono text-xs text-slate-900" title={row.mailFrom}>
          {row.mailFrom ? unicodeAddress(row.mailFrom) : t('nullSender')}
        </p>
        <p className="truncate font-mono text-xs text-slate-600" title={row.rcptTo}>
          → {row.rcptTo ? unicodeAddress(row.rcptTo) : t('noRecipient')}
        </p>
        {(row.messageId || row.queueId) && (
          <p className="mt-0.5 truncate text-xs text-slate-400" title={row.messageId}>
            {row.queueId && <span className="font-mono">{row.queueId}</span>}
            {row.queueId && row.messageId && row.messageId !== row.queueId && ' · '}
            {row.messageId !== row.queueId && row.messageId}
          </p>
        )}
      </Td>
      <Td className="max-w-72 align-top">
        <Badge tone={statusTone(row.status)}>{known ? t(`statuses.${row.status as TraceStatus}`) : row.status}</Badge>
        {row.remoteHost && <p className="mt-1 truncate font-mono text-xs text-slate-500">{row.remoteHost}</p>}
        {row.remoteResponse && row.remoteResponse !== '250' && <p className="mt-0.5 line-clamp-2 text-xs break-words text-slate-500">{row.remoteResponse}</p>}
      </Td>
      <Td className="align-top text-right">
        {href && (
          <Link
            href={href}
            className="text-sm font-medium whitespace-nowrap text-indigo-600 hover:text-indigo-500"
            aria-label={t('journeyOf', { rcpt: row.rcptTo || row.mailFrom })}
          >
            {t('journey')}
          </Link>
        )}
      </Td>
    </tr>
  );
}
