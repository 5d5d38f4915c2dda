import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ActiveBadge, Badge, PageHeader } from '@/components/ui.tsx';
import { loadMailbox } from '@/lib/domain.ts';
import { loadMailboxSecurity } from './mailbox-security.ts';
import { MailboxTabs } from './mailbox-tabs.tsx';

/** A mailbox's pages share its header and the tabs Settings, Autoresponder and Forwarding. */
export default async function MailboxLayout({ children, params }: { children: ReactNode; params: Promise<{ id: string; mailboxId: string }> }) {
  const { id, mailboxId } = await params;
  const { domain, mailbox } = await loadMailbox(id, mailboxId);
  const [t, security] = await Promise.all([getTranslations('mailbox'), loadMailboxSecurity(mailbox.id)]);
  return (
    <>
      <PageHeader
        eyebrow={
          <span className="flex min-w-0 gap-1">
            <Link href="/domains" className="hover:text-slate-700">
              {t('domains')}
            </Link>
            <span aria-hidden="true">/</span>
            <Link href={`/domains/${domain.id}`} className="truncate hover:text-slate-700">
              {domain.unicodeName}
            </Link>
          </span>
        }
        // A long address wraps rather than being cut off on a phone.
        title={
          <span data-testid="mailbox-address" className="block whitespace-normal wrap-anywhere">
            {mailbox.displayAddress}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ActiveBadge active={mailbox.active} />
            {security.twoFactor.state === 'on' && <Badge tone="indigo">{t('twoFactorBadge')}</Badge>}
            {mailbox.displayAddress !== mailbox.address && <span className="font-mono text-xs break-all">{mailbox.address}</span>}
            {mailbox.displayName && <span>{mailbox.displayName}</span>}
          </span>
        }
      />
      <MailboxTabs base={`/domains/${domain.id}/mailboxes/${mailbox.id}`} />
      <div className="mt-6">{children}</div>
    </>
  );
}
