import { formatSize } from '@kontor/core';
import { domainCounts } from '@kontor/db';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ActiveBadge, Badge, PageHeader } from '@/components/ui.tsx';
import { getDb } from '@/lib/db.ts';
import { loadDomain } from '@/lib/domain.ts';
import { requireActor } from '@/lib/session.ts';
import { DomainTabs } from '../domain-tabs.tsx';

export default async function DomainLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const domain = await loadDomain(id);
  const { actor } = await requireActor();
  const [counts, t, tc, locale] = await Promise.all([
    domainCounts(getDb(), actor, domain.id),
    getTranslations('domains.header'),
    getTranslations('common'),
    getLocale(),
  ]);
  const quota = domain.defaultQuotaBytes === 0n ? tc('unlimited') : formatSize(domain.defaultQuotaBytes, locale);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/domains" className="hover:text-slate-700">
            {t('back')}
          </Link>
        }
        title={
          <span className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span data-testid="domain-title" className="break-all">
              {domain.unicodeName}
            </span>
            {domain.unicodeName !== domain.name && <span className="font-mono text-base font-normal break-all text-slate-500">{domain.name}</span>}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ActiveBadge active={domain.active} />
            <Badge>{t('defaultQuota', { quota })}</Badge>
            <Badge>{domain.maxMailboxes > 0 ? t('maxMailboxes', { max: domain.maxMailboxes }) : t('noLimit')}</Badge>
            {domain.description && <span className="text-slate-500">{domain.description}</span>}
          </span>
        }
      />
      <DomainTabs base={`/domains/${domain.id}`} mailboxes={counts.mailboxes} aliases={counts.aliases} />
      <div className="mt-6">{children}</div>
    </>
  );
}
