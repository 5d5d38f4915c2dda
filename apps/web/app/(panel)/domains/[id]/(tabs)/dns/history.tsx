import type { Actor } from '@kontor/db';
import { dnsCheckHistory } from '@kontor/db/dns-checks';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Badge, Card, CardBody } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';

const TONES = { OK: 'green', MISSING: 'red', MISMATCH: 'red', ERROR: 'amber' } as const;
const STATUS = { OK: 'ok', MISSING: 'missing', MISMATCH: 'wrong', ERROR: 'error' } as const;

/** The stored history of the domain's records: each change of a result. */
export async function DnsHistory({ domainId, actor, intervalMs }: { domainId: number; actor: Actor; intervalMs: number }) {
  const [rows, tc, format] = await Promise.all([dnsCheckHistory(getDb(), actor, domainId), getTranslations('dnsCheck'), getFormatter()]);
  const hours = intervalMs / 3_600_000;
  const every = Number.isInteger(hours)
    ? tc('historyEvery.hours', { count: hours })
    : tc('historyEvery.minutes', { count: Math.max(1, Math.round(intervalMs / 60_000)) });
  const time = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <Card title={tc('historyTitle')} description={`${tc('historyDescription')} ${every}`}>
      <CardBody>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">{tc('historyEmpty')}</p>
        ) : (
          <ul className="space-y-2 text-sm" data-testid="dns-history">
            {rows.map((row) => (
              <li key={`${row.record} ${row.name} ${row.checkedAt.toISOString()}`} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <span className="text-xs text-slate-500 tabular-nums">{time(row.checkedAt)}</span>
                <Badge tone={TONES[row.status]}>{tc(`statuses.${STATUS[row.status]}`)}</Badge>
                {row.alert && <Badge tone="amber">{tc('historyAlert')}</Badge>}
                <span className="font-mono text-xs font-semibold">{row.type}</span>
                <code className="min-w-0 font-mono text-xs wrap-anywhere text-slate-700">{row.name}</code>
                <span className="text-xs text-slate-400">{tc('historyChecked', { time: time(row.lastCheckedAt) })}</span>
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}
