'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cx } from '@/components/ui.tsx';

/** Settings, Autoresponder, Forwarding: on a phone three equal columns (labels may wrap, nothing is cut off), else a row. */
export function MailboxTabs({ base }: { base: string }) {
  const t = useTranslations('mailbox');
  const pathname = usePathname();
  const tabs = [
    { href: base, label: t('tabs.settings') },
    { href: `${base}/autoresponder`, label: t('tabs.autoresponder') },
    { href: `${base}/forwarding`, label: t('tabs.forwarding') },
  ];
  return (
    <nav aria-label={t('sections')} data-testid="mailbox-tabs" className="-mb-px grid grid-cols-3 border-b border-slate-200 sm:flex sm:gap-6">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              'border-b-2 px-1 pb-3 text-center text-sm font-medium break-words transition sm:text-left sm:whitespace-nowrap',
              active ? 'border-indigo-600 text-indigo-600' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700',
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
