'use client';

import { useTranslations } from 'next-intl';
import { Fragment, useEffect, useRef } from 'react';
import { buttonClass } from '@/components/ui.tsx';
import { SHORTCUTS } from './keyboard-shortcuts.tsx';

function Key({ children }: { children: string }) {
  return (
    <kbd className="inline-flex min-w-7 justify-center rounded-md border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800 shadow-sm">
      {children}
    </kbd>
  );
}

/** The overlay "?" opens: every shortcut with what it does, in the user's language. Escape or the button closes it. */
export function KeyboardHelp({ onClose }: { onClose(): void }) {
  const t = useTranslations('webmailList.keyboard');
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' || event.key === '?') {
        event.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center p-4">
      <button type="button" tabIndex={-1} aria-label={t('close')} onClick={onClose} className="absolute inset-0 cursor-default bg-slate-900/40" />
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="keyboard-help-title"
        data-testid="keyboard-help"
        className="relative max-h-[90dvh] w-full max-w-md overflow-y-auto rounded-xl bg-white p-5 shadow-xl"
      >
        <h2 id="keyboard-help-title" className="text-base font-semibold text-slate-900">
          {t('title')}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t('intro')}</p>
        <dl className="mt-4 grid grid-cols-[auto_1fr] items-center gap-x-4 gap-y-2 text-sm">
          {SHORTCUTS.map((shortcut) => (
            <Fragment key={shortcut.name}>
              <dt className="flex items-center gap-1 text-slate-500">
                {shortcut.keys.map((key, index) => (
                  <Fragment key={key}>
                    {index > 0 && <span className="text-xs">{t('or')}</span>}
                    <Key>{key}</Key>
                  </Fragment>
                ))}
              </dt>
              <dd className="text-slate-800">{t(shortcut.name)}</dd>
            </Fragment>
          ))}
        </dl>
        <div className="mt-5 flex justify-end">
          <button ref={close} type="button" className={buttonClass.secondary} onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </div>
    </div>
  );
}
