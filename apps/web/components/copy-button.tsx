'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useHydrated } from './hydration.tsx';
import { cx } from './ui.tsx';

/**
 * The Clipboard API exists in secure contexts only; a panel opened over
 * plain HTTP on a LAN address falls back to copying a selected textarea.
 */
async function writeClipboard(value: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch {
      // Permission refused: try the old way below.
    }
  }
  const area = document.createElement('textarea');
  area.value = value;
  area.setAttribute('readonly', '');
  area.className = 'fixed -left-[9999px] top-0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

/**
 * Copies `value` to the clipboard; says so for a moment (and to screen
 * readers). `label` names what is copied for assistive technology ("Copy:
 * value of the MX record"); `text` replaces the visible "Copy".
 */
export function CopyButton({ value, label, text, className }: { value: string; label?: string; text?: string; className?: string }) {
  const t = useTranslations('common');
  const hydrated = useHydrated();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      disabled={!hydrated}
      aria-label={label ? `${t('copy')}: ${label}` : undefined}
      onClick={async () => {
        if (!(await writeClipboard(value))) return;
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
      className={cx(
        'inline-flex shrink-0 items-center gap-1 rounded-md bg-white px-2 py-1 text-xs font-medium whitespace-nowrap text-slate-600 ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:opacity-50',
        className,
      )}
    >
      <svg viewBox="0 0 20 20" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
        {copied ? <path d="m4 10.5 4 4 8-9" strokeLinecap="round" strokeLinejoin="round" /> : <path d="M7 7V4.5h8.5V13H13M4.5 7H13v8.5H4.5Z" />}
      </svg>
      <span aria-live="polite">{copied ? t('copied') : (text ?? t('copy'))}</span>
    </button>
  );
}
