import 'server-only';
import type { Actor } from '@kontor/db';
import { openDnsAlerts } from '@kontor/db/dns-checks';
import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getDb } from '@/lib/db.ts';

/**
 * Above every panel page while DNS records that were right are broken
 * (the drift watch's open alerts): a domain admin sees their domains', a
 * superadmin also the server's. It goes when the records are right again.
 */
export async function DnsAlertBanner({ actor }: { actor: Actor }) {
  const alerts = await openDnsAlerts(getDb(), actor).catch(() => []);
  if (alerts.length === 0) return null;
  const [t, format] = await Promise.all([getTranslations('dnsCheck.banner'), getFormatter()]);
  const groups = new Map<string, { domain: (typeof alerts)[number]['domain']; records: string[]; since: Date }>();
  for (const a of alerts) {
    const key = a.domain ? String(a.domain.id) : 'server';
    const group = groups.get(key) ?? { domain: a.domain, records: [], since: a.since };
    group.records.push(`${a.type} ${a.name}`);
    groups.set(key, group);
  }
  return (
    <div role="alert" data-testid="dns-alert-banner" className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-semibold">{t('title')}</p>
      <ul className="mt-1 space-y-1">
        {[...groups.values()].map((g) => (
          <li key={g.domain?.id ?? 'server'} className="flex flex-wrap items-baseline gap-x-2 wrap-anywhere" data-domain={g.domain?.name ?? ''}>
            <span>
              {g.domain ? t('domain', { domain: g.domain.unicodeName, records: g.records.join(', ') }) : t('server', { records: g.records.join(', ') })}
            </span>
            <span className="text-xs text-amber-700">{t('since', { time: format.dateTime(g.since, { dateStyle: 'medium', timeStyle: 'short' }) })}</span>
            {g.domain && (
              <Link href={`/domains/${g.domain.id}/dns`} className="font-medium underline underline-offset-2 hover:text-amber-700">
                {t('open')}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
