'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useOptimistic, useTransition } from 'react';
import { defaultReverse, type ListOrder, SORT_FIELDS, type SortField } from '@/lib/webmail/list-order.ts';
import { setListOrder } from '../f/[folder]/actions.ts';
import { ListIcon } from './message-list-icons.tsx';

const selectClass =
  'min-w-0 rounded-md border-0 bg-white py-1 pr-7 pl-2 text-xs text-slate-700 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 disabled:opacity-50';

/** The quick search above a list: a plain GET form to the search page, so it works before scripts load. */
export function QuickSearch({ q = '', folderSlug }: { q?: string; folderSlug?: string }) {
  const t = useTranslations('webmailList.search');
  return (
    <search className="min-w-0 flex-1 basis-full">
      <form method="get" action="/webmail/search" className="flex min-w-0 gap-1.5">
        {folderSlug && <input type="hidden" name="f" value={folderSlug} />}
        <label className="min-w-0 flex-1">
          <span className="sr-only">{t('label')}</span>
          <input
            id="webmail-search-q"
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t('placeholder')}
            className="block w-full min-w-0 rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600"
          />
        </label>
        <button type="submit" className="rounded-md bg-white px-2.5 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50">
          <ListIcon name="search" className="size-4" />
          <span className="sr-only">{t('submit')}</span>
        </button>
      </form>
    </search>
  );
}

/** Sort field, direction and the conversation view; the choice is kept in a cookie for every folder. */
export function ListOrderControls({ order: saved }: { order: ListOrder }) {
  const t = useTranslations('webmailList.sort');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  // The controls show the choice at once; the list follows when the server has drawn it.
  const [order, show] = useOptimistic(saved);
  const choose = (next: ListOrder) =>
    startTransition(async () => {
      show(next);
      await setListOrder(next);
      router.refresh();
    });
  return (
    <div className="flex shrink-0 items-center gap-1.5" data-testid="list-order">
      <label className="flex min-w-0">
        <span className="sr-only">{t('label')}</span>
        <select
          value={order.sort}
          disabled={pending || order.threads}
          data-testid="sort-field"
          onChange={(event) => {
            const sort = event.target.value as SortField;
            choose({ ...order, sort, reverse: defaultReverse(sort) });
          }}
          className={selectClass}
        >
          {SORT_FIELDS.map((field) => (
            <option key={field} value={field}>
              {t(field)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={pending || order.threads}
        onClick={() => choose({ ...order, reverse: !order.reverse })}
        title={`${t('toggleDirection')} (${order.reverse ? t('descending') : t('ascending')})`}
        data-testid="sort-direction"
        data-reverse={order.reverse}
        className="rounded-md bg-white px-2 py-1 text-xs text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 disabled:opacity-50"
      >
        <span aria-hidden="true">{order.reverse ? '↓' : '↑'}</span>
        <span className="sr-only">
          {t('toggleDirection')} ({order.reverse ? t('descending') : t('ascending')})
        </span>
      </button>
      <label className="flex cursor-pointer items-center gap-1 text-xs text-slate-700" title={t('conversationsHint')}>
        <input
          type="checkbox"
          checked={order.threads}
          disabled={pending}
          onChange={(event) => choose({ ...order, threads: event.target.checked })}
          className="size-3.5 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          data-testid="conversations"
        />
        {t('conversations')}
      </label>
    </div>
  );
}
