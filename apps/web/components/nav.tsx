'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { cx } from './ui.tsx';

const ITEMS = [
  { href: '/', label: 'dashboard', icon: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10' },
  {
    href: '/domains',
    label: 'domains',
    icon: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 0c2.5 2.4 3.8 5.4 3.8 9s-1.3 6.6-3.8 9m0-18C9.5 5.4 8.2 8.4 8.2 12s1.3 6.6 3.8 9M3.5 9h17M3.5 15h17',
  },
  { href: '/queue', label: 'queue', icon: 'M4 6h16M4 12h16M4 18h10M18 16l2 2-2 2', superadminOnly: true },
  {
    href: '/certificates',
    label: 'certificates',
    icon: 'M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6l7-3Zm-3 9 2 2 4-4',
    superadminOnly: true,
  },
  { href: '/trace', label: 'trace', icon: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14Zm9 16-4-4M8 11h6M11 8v6' },
  {
    href: '/admins',
    label: 'admins',
    icon: 'M16 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-6 8a6 6 0 0 1 12 0m-2-5.5A6 6 0 0 1 22 19',
    superadminOnly: true,
  },
  { href: '/audit', label: 'audit', icon: 'M9 5h10M9 12h10M9 19h10M5 5h.01M5 12h.01M5 19h.01' },
  { href: '/api-keys', label: 'apiKeys', icon: 'M15 7a4 4 0 1 1-3.9 4.9L4 19v-3h3v-3h3l1.1-1.1A4 4 0 0 1 15 7Zm1.5 2.5h.01' },
  { href: '/account', label: 'account', icon: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 8a7 7 0 0 1 14 0' },
] as const satisfies readonly { href: string; label: NavLabel; icon: string; superadminOnly?: boolean }[];

type NavLabel = 'dashboard' | 'domains' | 'queue' | 'certificates' | 'trace' | 'admins' | 'audit' | 'apiKeys' | 'account';

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The panel's sections: a column on wide screens (`sidebar`), a list in the
 * phone menu (`menu`). Superadmin-only sections are hidden when
 * `superadmin` is false (their pages refuse domain admins either way).
 */
export function Nav({ variant, superadmin }: { variant: 'sidebar' | 'menu'; superadmin?: boolean }) {
  const pathname = usePathname();
  const t = useTranslations('nav');
  return (
    <nav
      aria-label={variant === 'sidebar' ? t('main') : t('mainCompact')}
      className={variant === 'sidebar' ? 'flex flex-col gap-1' : 'grid gap-1 sm:grid-cols-2'}
    >
      {ITEMS.filter((item) => !('superadminOnly' in item && item.superadminOnly && superadmin === false)).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              'flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition',
              variant === 'sidebar'
                ? cx('whitespace-nowrap', active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white')
                : active
                  ? 'bg-indigo-50 text-indigo-700'
                  : 'text-slate-700 hover:bg-slate-100',
            )}
          >
            <svg
              viewBox="0 0 24 24"
              className="size-5 shrink-0"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.7"
              strokeLinecap="round"
              strokeLinejoin="round"
              aria-hidden="true"
            >
              <path d={item.icon} />
            </svg>
            <span className="min-w-0">{t(item.label)}</span>
          </Link>
        );
      })}
    </nav>
  );
}

/**
 * Below the md breakpoint: a "Menu" button in the header that opens every
 * section (and `children`, the account's lines) under it. A <details>, so
 * it opens before the page's scripts run; keyed by the path, so it closes
 * when a link in it has been followed.
 */
export function MobileMenu({ superadmin, children }: { superadmin?: boolean; children?: ReactNode }) {
  const pathname = usePathname();
  const t = useTranslations('nav');
  return (
    <details key={pathname} className="group md:hidden" data-testid="mobile-menu">
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded-lg bg-white px-3 py-2 text-sm font-semibold text-slate-700 shadow-sm ring-1 ring-slate-300 ring-inset hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
          <path className="group-open:hidden" d="M4 7h16M4 12h16M4 17h16" />
          <path className="hidden group-open:block" d="M6 6l12 12M18 6 6 18" />
        </svg>
        {t('menu')}
      </summary>
      <div className="absolute inset-x-0 top-full max-h-[calc(100dvh-4rem)] overflow-y-auto border-b border-slate-200 bg-white px-4 py-4 shadow-lg">
        <Nav variant="menu" superadmin={superadmin} />
        {children}
      </div>
    </details>
  );
}
