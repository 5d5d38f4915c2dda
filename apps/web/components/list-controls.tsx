import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { buttonClass, cx } from './ui.tsx';

type Params = Record<string, string | undefined>;

/** The list's URL with some query parameters changed (empty ones dropped). */
export function listHref(path: string, params: Params, change: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, ...change })) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * A search box for a server-side list: a plain GET form, so it works
 * before the page's scripts load and the URL can be bookmarked. `hidden`
 * keeps other filters of the page.
 */
export async function SearchForm({
  path,
  q,
  label,
  placeholder,
  hidden = {},
  children,
}: {
  path: string;
  q: string;
  label: string;
  placeholder?: string;
  hidden?: Params;
  children?: ReactNode;
}) {
  const t = await getTranslations('common');
  return (
    <search>
      <form method="get" action={path} className="flex min-w-0 flex-wrap items-end gap-2">
        {Object.entries(hidden).map(([key, value]) => (value ? <input key={key} type="hidden" name={key} value={value} /> : null))}
        <label className="min-w-0 flex-1 basis-48">
          <span className="sr-only">{label}</span>
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={placeholder ?? label}
            className="block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none"
          />
        </label>
        {children}
        <button type="submit" className={buttonClass.secondary}>
          {t('search')}
        </button>
      </form>
    </search>
  );
}

/** "1–50 of 10,000" with previous/next links; nothing when everything fits on one page. */
export async function Pagination({ path, params, page, pageSize, total }: { path: string; params: Params; page: number; pageSize: number; total: number }) {
  const t = await getTranslations('common');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = (target: number, label: string, rel: 'prev' | 'next') =>
    target >= 1 && target <= pages ? (
      <Link href={listHref(path, params, { page: target === 1 ? undefined : String(target) })} rel={rel} className={buttonClass.secondary}>
        {label}
      </Link>
    ) : (
      <span aria-disabled="true" className={cx(buttonClass.secondary, 'pointer-events-none opacity-50')}>
        {label}
      </span>
    );
  return (
    <nav aria-label={t('pageOf', { page, pages })} className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm text-slate-600">
      <p data-testid="list-range">{t('showing', { from, to, total })}</p>
      <div className="flex items-center gap-2">
        {link(page - 1, t('previous'), 'prev')}
        <span className="tabular-nums">{t('pageOf', { page, pages })}</span>
        {link(page + 1, t('next'), 'next')}
      </div>
    </nav>
  );
}
