import { formatQuota } from '@kontor/core';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ActiveBadge, Badge, PageHeader } from '@/components/ui.tsx';
import { loadAliases, loadDomain, loadMailboxes } from '@/lib/domain.ts';
import { DomainTabs } from '../domain-tabs.tsx';

export default async function DomainLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string }> }) {
  const { id } = await params;
  const domain = await loadDomain(id);
  const [mailboxes, aliases] = await Promise.all([loadMailboxes(domain.id), loadAliases(domain.id)]);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/domains" className="hover:text-slate-700">
            ← Domains
          </Link>
        }
        title={
          <span className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span data-testid="domain-title">{domain.unicodeName}</span>
            {domain.unicodeName !== domain.name && <span className="font-mono text-base font-normal text-slate-500">{domain.name}</span>}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ActiveBadge active={domain.active} />
            <Badge>Default quota {formatQuota(domain.defaultQuotaBytes)}</Badge>
            <Badge>{domain.maxMailboxes > 0 ? `Up to ${domain.maxMailboxes} mailboxes` : 'No mailbox limit'}</Badge>
            {domain.description && <span className="text-slate-500">{domain.description}</span>}
          </span>
        }
      />
      <DomainTabs base={`/domains/${domain.id}`} mailboxes={mailboxes.length} aliases={aliases.length} />
      <div className="mt-6">{children}</div>
    </>
  );
}
