'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useHydrated } from './hydration.tsx';
import { cx } from './ui.tsx';

/** Copies `value` to the clipboard; says so for a moment (and to screen readers). */
export function CopyButton({ value, label, className }: { value: string; label?: string; className?: string }) {
  const t = useTranslations('common');
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      disabled={!hydrated}
      aria-label={label ? `${t('copy')}: ${label}` : t('copy')}
      onClick={async () => {
        await navigator.clipboard.writeText(value);
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
      className={cx(
        'inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:opacity-50',
        className,
      )}
    >
      <span aria-live="polite">{copied ? t('copied') : t('copy')}</span>
    </button>
  );
}
