'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cx } from '@/components/ui.tsx';

const BASE = '/webmail/settings';

/** The settings' sections as pills that wrap on a phone (five tabs do not fit one row at 390 px). */
export function SettingsTabs() {
  const t = useTranslations('webmailSettings.tabs');
  const pathname = usePathname();
  const tabs = [
    { href: BASE, label: t('account') },
    { href: `${BASE}/out-of-office`, label: t('outOfOffice') },
    { href: `${BASE}/forwarding`, label: t('forwarding') },
    { href: `${BASE}/mail-apps`, label: t('mailApps') },
    // Built by the compose side (app/webmail/settings/signatures).
    { href: `${BASE}/signatures`, label: t('signatures') },
  ];
  return (
    <nav aria-label={t('label')} data-testid="settings-tabs" className="flex flex-wrap gap-2">
      {tabs.map((tab) => {
        const active = tab.href === BASE ? pathname === BASE : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              'rounded-full px-3.5 py-1.5 text-sm font-medium whitespace-nowrap transition',
              active ? 'bg-indigo-600 text-white shadow-sm' : 'bg-white text-slate-600 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 hover:text-slate-900',
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
