import { listOutboundQueue, outboundQueueCounts, type QueueEntry, unicodeAddress } from '@kontor/core';
import { listQuery, type OutboundRecipientRow, outboundRecipientsOf } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Pagination } from '@/components/list-controls.tsx';
import { Alert, Badge, Card, EmptyRow, PageHeader, StatCard, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { journeyHref } from '@/lib/trace-links.ts';
import { getOutboundQueue } from './outbound-queue.ts';
import { QueueButtons } from './queue-buttons.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('queue'))('title') };
}

const STATE_TONE = { active: 'blue', waiting: 'gray', delayed: 'amber', failed: 'red' } as const;

/** A job as the page shows it: BullMQ's state of the job, PostgreSQL's state of each recipient. */
interface QueueRow extends QueueEntry {
  rows: OutboundRecipientRow[];
  pending: OutboundRecipientRow[];
  cancelling: boolean;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string;
}

function queueRow(entry: QueueEntry, rows: OutboundRecipientRow[]): QueueRow {
  const pending = rows.filter((r) => r.state === 'queued' || r.state === 'deferred');
  const next = pending.map((r) => r.nextAttemptAt?.getTime() ?? Number.NaN).filter((n) => !Number.isNaN(n));
  const failing = [...rows].reverse().find((r) => r.state !== 'delivered' && r.lastReply);
  return {
    ...entry,
    rows,
    pending,
    cancelling: pending.some((r) => r.cancelRequestedAt),
    attempts: Math.max(0, ...rows.map((r) => r.attempts)),
    nextAttemptAt: entry.state === 'active' ? null : next.length ? new Date(Math.min(...next)) : entry.nextRunAt,
    lastError: failing?.lastReply ?? entry.failedReason,
  };
}

const JOB_STATES = ['delayed', 'active', 'waiting', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;
const RECIPIENT_STATES = ['queued', 'deferred', 'delivered', 'bounced', 'cancelled'] as const;
const KINDS = ['submission', 'forward', 'autoreply', 'bounce', 'notice'] as const;

type T = Awaited<ReturnType<typeof getTranslations<'queue'>>>;

function stateLabel(t: T, entry: QueueRow): string {
  if (entry.cancelling) return t('states.deleting');
  const state = JOB_STATES.find((s) => s === entry.state);
  return state ? t(`states.${state}`) : entry.state;
}

function recipientState(t: T, row: OutboundRecipientRow): string {
  if (row.cancelRequestedAt) return t('recipientStates.cancelRequested');
  const state = RECIPIENT_STATES.find((s) => s === row.state);
  return state ? t(`recipientStates.${state}`) : row.state;
}

/** Messages per page: each row carries its actions, so a backlog of hundreds is read a page at a time. */
const PAGE_SIZE = 50;

export default async function QueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { superadmin } = await requireActor();
  if (!superadmin) notFound();
  const requested = (await searchParams).page;
  const { page } = listQuery.parse({ page: (Array.isArray(requested) ? requested[0] : requested) || undefined });
  const [t, format] = await Promise.all([getTranslations('queue'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'medium' });
  let entries: QueueRow[] = [];
  let listed = 0;
  let counts: Record<string, number> = {};
  let problem: string | null = null;
  try {
    const [jobs, jobCounts] = await Promise.all([listOutboundQueue(getOutboundQueue()), outboundQueueCounts(getOutboundQueue())]);
    counts = jobCounts;
    listed = jobs.length;
    const shown = jobs.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const recipients = await outboundRecipientsOf(
      getDb(),
      shown.map((j) => j.id),
    );
    entries = shown.map((job) =>
      queueRow(
        job,
        recipients.filter((r) => r.jobId === job.id),
      ),
    );
  } catch (error) {
    problem = t('unreadable', { message: (error as Error).message });
  }
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {problem && (
        <div className="mb-6">
          <Alert tone="red">{problem}</Alert>
        </div>
      )}
      <dl className="mb-6 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <StatCard label={t('sending')} value={format.number(counts.active ?? 0)} />
        <StatCard label={t('waiting')} value={format.number(counts.waiting ?? 0)} />
        <StatCard label={t('retryScheduled')} value={format.number(counts.delayed ?? 0)} />
        <StatCard label={t('failedNeedsLook')} value={format.number(counts.failed ?? 0)} />
      </dl>
      <Card>
        <Table label={t('table')}>
          <thead className="bg-slate-50">
            <tr>
              <Th>{t('message')}</Th>
              <Th>{t('recipients')}</Th>
              <Th>{t('status')}</Th>
              <Th>{t('nextAttempt')}</Th>
              <Th>{t('lastError')}</Th>
              {/* relative: the hidden label stays inside the table's scroll box (else it widens the page on phones). */}
              <Th className="relative">
                <span className="sr-only">{t('actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.length === 0 && <EmptyRow colSpan={6}>{t('empty')}</EmptyRow>}
            {entries.map((entry) => (
              <tr key={entry.id} className="align-top hover:bg-slate-50" data-queue-id={entry.queueId}>
                <Td className="align-top">
                  <div className="font-mono text-xs text-slate-900">{entry.queueId}</div>
                  <div className="text-xs text-slate-500">{t('from', { sender: entry.mailFrom ? unicodeAddress(entry.mailFrom) : t('bounceSender') })}</div>
                  <div className="text-xs text-slate-500">
                    {t('queuedAt', { kind: t(`kinds.${KINDS.find((k) => k === entry.kind) ?? 'unknown'}`), time: when(entry.createdAt) })}
                  </div>
                  {journeyHref({ queueId: entry.queueId }) && (
                    <Link
                      href={journeyHref({ queueId: entry.queueId }) ?? '/trace'}
                      className="text-xs font-medium text-indigo-600 hover:text-indigo-500"
                      aria-label={t('traceOf', { queueId: entry.queueId })}
                    >
                      {t('trace')}
                    </Link>
                  )}
                </Td>
                <Td className="align-top">
                  <ul className="space-y-0.5">
                    {(entry.rows.length
                      ? entry.rows.map((r) => [r.recipient, recipientState(t, r)] as const)
                      : entry.recipients.map((r) => [r, ''] as const)
                    ).map(([rcpt, state]) => (
                      <li key={rcpt} className="font-mono text-xs">
                        {unicodeAddress(rcpt)} {state && <span className="text-slate-500">({state})</span>}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="align-top">
                  <Badge tone={STATE_TONE[entry.state as keyof typeof STATE_TONE] ?? 'gray'}>{stateLabel(t, entry)}</Badge>
                  <div className="mt-1 text-xs text-slate-500">{t('attempts', { count: entry.attempts })}</div>
                </Td>
                <Td className="align-top text-xs">{entry.nextAttemptAt ? when(entry.nextAttemptAt) : '—'}</Td>
                <Td className="max-w-xs align-top text-xs break-words text-slate-600">{entry.lastError || '—'}</Td>
                <Td className="align-top">{entry.pending.some((r) => !r.cancelRequestedAt) && <QueueButtons jobId={entry.id} queueId={entry.queueId} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pagination path="/queue" params={{}} page={page} pageSize={PAGE_SIZE} total={listed} />
      </Card>
    </>
  );
}
