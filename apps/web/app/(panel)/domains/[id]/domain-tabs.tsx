'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui.tsx';

export function DomainTabs({ base, mailboxes, aliases }: { base: string; mailboxes: number; aliases: number }) {
  const pathname = usePathname();
  const tabs = [
    { href: base, label: 'Mailboxes', count: mailboxes },
    { href: `${base}/aliases`, label: 'Aliases', count: aliases },
    { href: `${base}/dns`, label: 'DNS records' },
    { href: `${base}/settings`, label: 'Settings' },
  ];
  return (
    <nav aria-label="Domain sections" className="-mb-px flex gap-6 overflow-x-auto border-b border-slate-200">
      {tabs.map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              'flex items-center gap-2 border-b-2 px-1 pb-3 text-sm font-medium whitespace-nowrap transition',
              active ? 'border-indigo-600 text-indigo-600' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700',
            )}
          >
            {tab.label}
            {tab.count !== undefined && (
              <span className={cx('rounded-full px-2 py-0.5 text-xs', active ? 'bg-indigo-50 text-indigo-600' : 'bg-slate-100 text-slate-600')}>
                {tab.count}
              </span>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
