'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { cx } from '@/components/ui.tsx';

export function DomainTabs({ base, mailboxes, aliases }: { base: string; mailboxes: number; aliases: number }) {
  const pathname = usePathname();
  const t = useTranslations('domains.tabs');
  const locale = useLocale();
  const tabs = [
    { href: base, label: t('mailboxes'), count: mailboxes },
    { href: `${base}/aliases`, label: t('aliases'), count: aliases },
    { href: `${base}/dns`, label: t('dns') },
    { href: `${base}/settings`, label: t('settings') },
  ];
  return (
    // Phones: the tabs wrap onto a second line rather than scroll out of sight.
    <nav aria-label={t('label')} className="-mb-px flex flex-wrap gap-x-6 gap-y-1 border-b border-slate-200">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px flex items-center gap-2 border-b-2 px-1 pt-1 pb-3 text-sm font-medium whitespace-nowrap transition',
              active ? 'border-indigo-600 text-indigo-600' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700',
            )}
          >
            {tab.label}
            {tab.count !== undefined && (
              <span className={cx('rounded-full px-2 py-0.5 text-xs tabular-nums', active ? 'bg-indigo-50 text-indigo-600' : 'bg-slate-100 text-slate-600')}>
                {tab.count.toLocaleString(locale)}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
