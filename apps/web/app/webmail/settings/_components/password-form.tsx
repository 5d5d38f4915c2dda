'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { changePasswordAction } from '../actions.ts';

/** Current, new and repeated password; the policy is said under the new one. */
export function PasswordForm({ minLength }: { minLength: number }) {
  const t = useTranslations('webmailSettings.password');
  const [state, action] = useActionState(changePasswordAction, initialFormState);
  const e = state.fieldErrors;
  return (
    // A fresh form after a success, so no password stays in the fields.
    <form key={state.status === 'success' ? state.message : 'form'} action={action} noValidate aria-label={t('formLabel')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="currentPassword" label={t('current')} type="password" autoComplete="current-password" error={e.currentPassword} />
        <Field name="newPassword" label={t('new')} type="password" autoComplete="new-password" error={e.newPassword} hint={t('policy', { min: minLength })} />
        <Field name="confirmPassword" label={t('confirm')} type="password" autoComplete="new-password" error={e.confirmPassword} />
      </div>
      <div className="mt-5 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-xs text-slate-500">{t('effects')}</p>
        <SubmitButton pendingText={t('submitting')} className="shrink-0">
          {t('submit')}
        </SubmitButton>
      </div>
    </form>
  );
}
