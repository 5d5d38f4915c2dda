import { formatSize } from '@kontor/core';
import { dashboardStats, listAuditLog, listDomains } from '@kontor/db';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { AuditTable } from '@/components/audit-table.tsx';
import { buttonClass, Card, PageHeader, StatCard } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { requireActor } from '@/lib/session.ts';
import { MailPerDay, RefusalsByReason, StoragePerDomain, TopAddresses } from './_dashboard/sections.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('dashboard'))('title') };
}

/**
 * What the server (or, for a domain admin, their domains) holds and how
 * mail flows: counts, 30 days of mail from the per-day counters, refusals,
 * the queue, storage, top senders and recipients, the latest changes.
 */
export default async function DashboardPage() {
  const { actor, superadmin } = await requireActor();
  const db = getDb();
  const [t, format, locale] = await Promise.all([getTranslations('dashboard'), getFormatter(), getLocale()]);
  const [domains, audit, stats] = await Promise.all([listDomains(db, actor), listAuditLog(db, actor, { limit: 10 }), dashboardStats(db, actor)]);
  const mailboxes = domains.reduce((n, d) => n + d.mailboxCount, 0);
  const aliases = domains.reduce((n, d) => n + d.aliasCount, 0);
  const used = domains.reduce((n, d) => n + d.usedBytes, 0n);
  const { queue } = stats;
  return (
    <>
      <PageHeader
        title={t('title')}
        description={superadmin ? t('descriptionAll') : t('descriptionOwn')}
        actions={
          superadmin && (
            <Link href="/domains#add-domain" className={buttonClass.primary}>
              {t('addDomain')}
            </Link>
          )
        }
      />
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <StatCard
          label={t('domains')}
          value={format.number(domains.length)}
          href="/domains"
          hint={t('domainsActive', { count: domains.filter((d) => d.active).length })}
        />
        <StatCard label={t('mailboxes')} value={format.number(mailboxes)} />
        <StatCard label={t('aliases')} value={format.number(aliases)} />
        <StatCard label={t('storageUsed')} value={formatSize(used, locale)} />
      </dl>
      <dl className="mt-4 grid grid-cols-2 gap-4 lg:grid-cols-4" data-testid="mail-totals">
        <StatCard label={t('received30')} value={format.number(stats.totals.received)} hint={t('last30')} href="/trace?direction=INBOUND" />
        <StatCard label={t('sent30')} value={format.number(stats.totals.sent)} hint={t('last30')} href="/trace?direction=OUTBOUND&status=delivered" />
        <StatCard label={t('refused30')} value={format.number(stats.totals.refused)} hint={t('last30')} href="/trace?status=rejected" />
        <StatCard
          label={t('queue')}
          value={format.number(queue.messages)}
          href={superadmin ? '/queue' : undefined}
          hint={queue.oldest ? t('queueHint', { recipients: queue.recipients, age: format.relativeTime(queue.oldest, new Date()) }) : t('queueEmpty')}
        />
      </dl>
      <div className="mt-8 grid gap-6">
        <MailPerDay stats={stats} />
        <div className="grid gap-6 lg:grid-cols-2">
          <RefusalsByReason stats={stats} />
          <StoragePerDomain domains={domains} superadmin={superadmin} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <TopAddresses kind="senders" stats={stats} />
          <TopAddresses kind="recipients" stats={stats} />
        </div>
        <Card
          title={t('activity.title')}
          description={t('activity.description')}
          actions={
            <Link href="/audit" className={`${buttonClass.link} text-sm`}>
              {t('activity.viewAll')}
            </Link>
          }
        >
          <AuditTable entries={audit} domainNames={new Map(domains.map((d) => [d.id, d.unicodeName]))} />
        </Card>
      </div>
    </>
  );
}
