'use client';

import { LOCALE_NAMES, LOCALES } from '@kontor/core/locale';
import { useLocale, useTranslations } from 'next-intl';
import { useRef } from 'react';
import { chooseLocale } from '@/app/locale/actions.ts';
import { cx } from './ui.tsx';

/** A language menu that switches as soon as a language is picked (with a button when scripts are off). */
export function LocaleSwitcher({ className, tone = 'light' }: { className?: string; tone?: 'light' | 'dark' }) {
  const locale = useLocale();
  const t = useTranslations('common');
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={chooseLocale} className={cx('flex items-center', className)}>
      <label htmlFor="locale-switcher" className="sr-only">
        {t('language')}
      </label>
      <select
        id="locale-switcher"
        name="locale"
        defaultValue={locale}
        onChange={() => form.current?.requestSubmit()}
        className={cx(
          'rounded-md border-0 py-1 pr-7 pl-2 text-sm ring-1 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none',
          tone === 'dark' ? 'bg-slate-800 text-slate-200 ring-slate-700' : 'bg-white text-slate-700 ring-slate-300',
        )}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <noscript>
        <button type="submit" className="ml-2 text-sm underline">
          OK
        </button>
      </noscript>
    </form>
  );
}
