'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { FormState } from '@/lib/form-state.ts';
import { FormMessage, SubmitButton } from './form.tsx';
import { useHydrated } from './hydration.tsx';
import { buttonClass, cx } from './ui.tsx';

/**
 * A destructive step behind a second click: a button arms a confirmation
 * form, and only that form runs the action. `hydrated` keeps the button off
 * until React can arm it.
 */
export function useArmed() {
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  return { armed, arm: () => setArmed(true), disarm: () => setArmed(false), hydrated };
}

const TONES = {
  amber: { box: 'border-amber-200 bg-amber-50', text: 'text-amber-900', button: 'primary' },
  red: { box: 'border-red-200 bg-red-50', text: 'text-red-800', button: 'danger' },
} as const;

/**
 * The armed form: its question as heading (and the form's name), what will
 * happen, "yes" and "cancel". `fields` become hidden inputs (the row the
 * action is for); the data function checks them again.
 */
export function ConfirmForm({
  action,
  state,
  fields,
  title,
  text,
  confirm,
  pending,
  onCancel,
  tone = 'red',
  label,
  className,
}: {
  action: (formData: FormData) => void;
  state: FormState;
  fields: Record<string, string | number>;
  title?: string;
  text: string;
  confirm: string;
  pending: string;
  onCancel: () => void;
  tone?: keyof typeof TONES;
  /** The form's name for assistive technology when it has no heading. */
  label?: string;
  className?: string;
}) {
  const tc = useTranslations('common');
  const style = TONES[tone];
  return (
    <form action={action} aria-label={title ?? label} className={cx('rounded-lg border p-4', style.box, className)}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormMessage state={state} />
      {title && <h3 className={cx('text-sm font-semibold break-words', style.text)}>{title}</h3>}
      <p className={cx('text-sm break-words', title && 'mt-1', style.text)}>{text}</p>
      <div className="mt-4 flex flex-wrap gap-2">
        <SubmitButton variant={style.button} pendingText={pending}>
          {confirm}
        </SubmitButton>
        <button type="button" className={buttonClass.secondary} onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
