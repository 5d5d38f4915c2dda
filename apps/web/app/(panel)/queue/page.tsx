import { listOutboundQueue, outboundQueueCounts, type QueueEntry } from '@kontor/core';
import { type OutboundRecipientRow, outboundRecipientsOf } from '@kontor/db';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Alert, Badge, Card, EmptyRow, PageHeader, StatCard, Table, Td, Th } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { formatDateTime } from '@/lib/format.ts';
import { requireActor } from '@/lib/session.ts';
import { getOutboundQueue } from './outbound-queue.ts';
import { QueueButtons } from './queue-buttons.tsx';

export const metadata: Metadata = { title: 'Mail queue' };

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

function stateLabel(entry: QueueRow): string {
  if (entry.cancelling) return 'deleting';
  if (entry.state === 'delayed') return 'retry scheduled';
  if (entry.state === 'active') return 'sending';
  return entry.state;
}

export default async function QueuePage() {
  const { superadmin } = await requireActor();
  if (!superadmin) notFound();
  let entries: QueueRow[] = [];
  let counts: Record<string, number> = {};
  let problem: string | null = null;
  try {
    const [jobs, jobCounts] = await Promise.all([listOutboundQueue(getOutboundQueue()), outboundQueueCounts(getOutboundQueue())]);
    counts = jobCounts;
    const recipients = await outboundRecipientsOf(
      getDb(),
      jobs.map((j) => j.id),
    );
    entries = jobs.map((job) =>
      queueRow(
        job,
        recipients.filter((r) => r.jobId === job.id),
      ),
    );
  } catch (error) {
    problem = `The queue cannot be read: ${(error as Error).message}`;
  }
  return (
    <>
      <PageHeader
        title="Mail queue"
        description="Outgoing mail that is not delivered yet: retried with growing pauses, bounced to the sender when it fails for good or waits too long."
      />
      {problem && (
        <div className="mb-6">
          <Alert tone="red">{problem}</Alert>
        </div>
      )}
      <dl className="mb-6 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <StatCard label="Sending" value={counts.active ?? 0} />
        <StatCard label="Waiting" value={counts.waiting ?? 0} />
        <StatCard label="Retry scheduled" value={counts.delayed ?? 0} />
        <StatCard label="Failed (needs a look)" value={counts.failed ?? 0} />
      </dl>
      <Card>
        <Table label="Queued messages">
          <thead className="bg-slate-50">
            <tr>
              <Th>Message</Th>
              <Th>Recipients</Th>
              <Th>Status</Th>
              <Th>Next attempt</Th>
              <Th>Last error</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.length === 0 && <EmptyRow colSpan={6}>The queue is empty: everything has been delivered.</EmptyRow>}
            {entries.map((entry) => (
              <tr key={entry.id} className="align-top hover:bg-slate-50" data-queue-id={entry.queueId}>
                <Td className="align-top">
                  <div className="font-mono text-xs text-slate-900">{entry.queueId}</div>
                  <div className="text-xs text-slate-500">from {entry.mailFrom || '<> (bounce)'}</div>
                  <div className="text-xs text-slate-500">
                    {entry.kind}, queued {formatDateTime(entry.createdAt)}
                  </div>
                </Td>
                <Td className="align-top">
                  <ul className="space-y-0.5">
                    {(entry.rows.length
                      ? entry.rows.map((r) => [r.recipient, r.cancelRequestedAt ? 'cancel requested' : r.state] as const)
                      : entry.recipients.map((r) => [r, ''] as const)
                    ).map(([rcpt, state]) => (
                      <li key={rcpt} className="font-mono text-xs">
                        {rcpt} {state && <span className="text-slate-500">({state})</span>}
                      </li>
                    ))}
                  </ul>
                </Td>
                <Td className="align-top">
                  <Badge tone={STATE_TONE[entry.state as keyof typeof STATE_TONE] ?? 'gray'}>{stateLabel(entry)}</Badge>
                  <div className="mt-1 text-xs text-slate-500">
                    {entry.attempts} attempt{entry.attempts === 1 ? '' : 's'}
                  </div>
                </Td>
                <Td className="align-top text-xs">{entry.nextAttemptAt ? formatDateTime(entry.nextAttemptAt) : '—'}</Td>
                <Td className="max-w-xs align-top text-xs break-words text-slate-600">{entry.lastError || '—'}</Td>
                <Td className="align-top">{entry.pending.some((r) => !r.cancelRequestedAt) && <QueueButtons jobId={entry.id} queueId={entry.queueId} />}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </>
  );
}
