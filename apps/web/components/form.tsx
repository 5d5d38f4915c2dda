'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';
import type { FormState } from '@/lib/form-state.ts';
import { Alert, buttonClass, cx } from './ui.tsx';

const inputClass =
  'block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';
/** Ring colours, chosen (not stacked) so an invalid field is red. */
const ring = (error?: string) =>
  error ? 'ring-red-400 focus:ring-red-500 focus-within:ring-red-500' : 'ring-slate-300 focus:ring-indigo-600 focus-within:ring-indigo-600';

interface FieldProps {
  name: string;
  /** When one name appears in several forms of a page (ids must be unique); default: the name. */
  id?: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  defaultValue?: string;
  type?: 'text' | 'password' | 'email' | 'number' | 'datetime-local';
  placeholder?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email';
  /** Text shown fused after the input, e.g. "@example.com". */
  suffix?: ReactNode;
  multiline?: boolean;
  rows?: number;
  disabled?: boolean;
  className?: string;
}

/** A labelled input whose id (by default) and name are the field name; its error sits under it as `#ID-error`. */
export function Field({
  name,
  id = name,
  label,
  error,
  hint,
  defaultValue,
  type = 'text',
  placeholder,
  autoComplete,
  inputMode,
  suffix,
  multiline,
  rows = 3,
  disabled,
  className,
}: FieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const common = {
    id,
    name,
    defaultValue,
    placeholder,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
  } as const;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1.5">
        {multiline ? (
          <textarea {...common} rows={rows} className={cx(inputClass, 'font-mono', ring(error))} />
        ) : suffix ? (
          <div className={cx('flex rounded-lg shadow-sm ring-1 ring-inset focus-within:ring-2', ring(error))}>
            <input
              {...common}
              type={type}
              autoComplete={autoComplete}
              inputMode={inputMode}
              className="block w-full min-w-0 flex-1 rounded-l-lg border-0 bg-transparent px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:ring-0 focus:outline-none"
            />
            <span className="flex max-w-[60%] items-center truncate rounded-r-lg border-l border-slate-200 bg-slate-50 px-3 text-sm text-slate-500 select-none">
              {suffix}
            </span>
          </div>
        ) : (
          <input {...common} type={type} autoComplete={autoComplete} inputMode={inputMode} className={cx(inputClass, ring(error))} />
        )}
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function CheckboxField({
  name,
  id = name,
  label,
  description,
  defaultChecked,
  error,
}: {
  name: string;
  /** When one name appears in several forms of a page (ids must be unique); default: the name. */
  id?: string;
  label: string;
  description?: ReactNode;
  defaultChecked?: boolean;
  error?: string;
}) {
  return (
    <div>
      <div className="flex items-start gap-3">
        <input
          id={id}
          name={name}
          type="checkbox"
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600"
        />
        <div className="text-sm">
          <label htmlFor={id} className="font-medium text-slate-700">
            {label}
          </label>
          {description && <p className="text-slate-500">{description}</p>}
        </div>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** A submit button that shows the form is being sent. */
export function SubmitButton({
  children,
  pendingText,
  variant = 'primary',
  name,
  value,
  className,
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  name?: string;
  value?: string;
  className?: string;
}) {
  const { pending } = useFormStatus();
  const t = useTranslations('ui');
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-disabled={pending} className={cx(buttonClass[variant], className)}>
      {pending ? (pendingText ?? t('saving')) : children}
    </button>
  );
}

/** The form-level outcome: an error atop the form, or a success notice. */
export function FormMessage({ state }: { state: FormState }) {
  if (state.formError && state.status !== 'confirm') {
    return (
      <div className="mb-4">
        <Alert tone="red">{state.formError}</Alert>
      </div>
    );
  }
  if (state.status === 'success' && state.message) {
    return (
      <div className="mb-4">
        <Alert tone="green">{state.message}</Alert>
      </div>
    );
  }
  return null;
}
