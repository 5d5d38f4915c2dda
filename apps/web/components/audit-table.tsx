import type { listAuditLog } from '@kontor/db';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { auditNamer } from '@/lib/audit-names.ts';
import { auditTargetLabel, formatActor } from '@/lib/format.ts';
import { journeyHref, traceSearchHref } from '@/lib/trace-links.ts';
import { Badge, EmptyRow, Table, Td, Th } from './ui.tsx';

type AuditRow = Awaited<ReturnType<typeof listAuditLog>>[number];

function actionTone(action: string) {
  if (action.endsWith('.delete') || action.endsWith('.remove')) return 'red' as const;
  if (action.endsWith('.create')) return 'green' as const;
  return 'blue' as const;
}

function snapshotOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Where the message trace has this entry's mail: a queue action's message, a mailbox's or alias's address. */
function traceHref(entry: AuditRow, domainNames: ReadonlyMap<number, string>): string | null {
  const snapshot = snapshotOf(entry.after) ?? snapshotOf(entry.before);
  if (typeof snapshot?.queueId === 'string' && snapshot.queueId) return journeyHref({ queueId: snapshot.queueId });
  if (entry.targetType !== 'mailbox' && entry.targetType !== 'alias') return null;
  const address = snapshot?.address ?? snapshot?.displayAddress;
  if (typeof address === 'string' && address.includes('@')) return traceSearchHref(address);
  const domainId = typeof snapshot?.domainId === 'number' ? snapshot.domainId : entry.domainId;
  const domain = domainId ? domainNames.get(domainId) : undefined;
  return typeof snapshot?.localPart === 'string' && domain ? traceSearchHref(`${snapshot.localPart}@${domain}`) : null;
}

/** `domainNames` (id → Unicode name) turns alias rows' local parts into addresses. */
export async function AuditTable({
  entries,
  domainNames = new Map(),
  filtered = false,
}: {
  entries: AuditRow[];
  domainNames?: ReadonlyMap<number, string>;
  /** The list is filtered: an empty one says no entry matches. */
  filtered?: boolean;
}) {
  const [t, names, format] = await Promise.all([getTranslations('audit'), getTranslations('auditNames').then(auditNamer), getFormatter()]);
  return (
    <Table label={t('table')}>
      <thead className="bg-slate-50">
        <tr>
          <Th>{t('when')}</Th>
          <Th className="hidden sm:table-cell">{t('who')}</Th>
          <Th className="hidden sm:table-cell">{t('what')}</Th>
          <Th>{t('targetColumn')}</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {entries.length === 0 && <EmptyRow colSpan={4}>{filtered ? t('emptyFiltered') : t('empty')}</EmptyRow>}
        {entries.map((entry) => {
          const target = auditTargetLabel(entry, domainNames, names.targetType);
          // The code stays readable on hover: it is what the action filter and the CSV file use.
          const action = (
            <Badge tone={actionTone(entry.action)} title={entry.action} wrap>
              {names.action(entry.action)}
            </Badge>
          );
          const href = traceHref(entry, domainNames);
          return (
            <tr key={String(entry.id)} data-audit-id={String(entry.id)}>
              <Td className="align-top whitespace-nowrap text-slate-500">
                <time dateTime={entry.createdAt.toISOString()}>{format.dateTime(entry.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })}</time>
                {/* Phones: who did it under when, the action above the target (two columns fit 390 px). */}
                <p className="max-w-40 truncate text-xs text-slate-700 sm:hidden">{formatActor(entry.actor)}</p>
              </Td>
              <Td className="hidden max-w-56 align-top sm:table-cell">
                <p className="truncate">{formatActor(entry.actor)}</p>
                {entry.ip && <p className="truncate text-xs text-slate-400">{entry.ip}</p>}
              </Td>
              <Td className="hidden align-top sm:table-cell">{action}</Td>
              <Td className="max-w-44 align-top sm:max-w-72">
                <span className="sm:hidden">{action}</span>
                <p className="wrap-anywhere sm:truncate">{target}</p>
                {href && (
                  <Link href={href} className="text-xs font-medium text-indigo-600 hover:text-indigo-500" aria-label={t('traceOf', { target })}>
                    {t('trace')}
                  </Link>
                )}
              </Td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
