'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useLocale } from 'next-intl';
import { cx } from './ui.tsx';

export interface Tab {
  href: string;
  label: string;
  /** A number shown beside the label (a domain's mailboxes). */
  count?: number;
}

/** Phone layouts: equal columns by tab count (labels may wrap, nothing is cut off). */
const COLUMNS = { 2: 'grid-cols-2', 3: 'grid-cols-3', 4: 'grid-cols-4' } as const;

/**
 * A row of tabs that are links (the page is the tab), the current one
 * underlined. On a phone they either wrap onto a second line (`wrap`) or
 * share the width in equal columns (`columns`), so none scrolls out of
 * sight; from the `sm` width on they are one row.
 */
export function Tabs({ label, tabs, phone = 'wrap', testId }: { label: string; tabs: Tab[]; phone?: 'wrap' | 'columns'; testId?: string }) {
  const pathname = usePathname();
  const locale = useLocale();
  const columns = COLUMNS[tabs.length as keyof typeof COLUMNS];
  return (
    <nav
      aria-label={label}
      data-testid={testId}
      className={cx('-mb-px border-b border-slate-200', phone === 'columns' && columns ? `grid ${columns} sm:flex sm:gap-6` : 'flex flex-wrap gap-x-6 gap-y-1')}
    >
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px flex items-center gap-2 border-b-2 px-1 pt-1 pb-3 text-sm font-medium transition sm:whitespace-nowrap',
              phone === 'columns' ? 'justify-center text-center break-words sm:justify-start sm:text-left' : 'whitespace-nowrap',
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
