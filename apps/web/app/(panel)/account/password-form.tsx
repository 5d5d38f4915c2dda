'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { changeOwnPasswordAction } from './actions.ts';

export function PasswordForm({ minLength }: { minLength: number }) {
  const t = useTranslations('account.password');
  const [state, action] = useActionState(changeOwnPasswordAction, initialFormState);
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('formLabel')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="currentPassword" label={t('current')} type="password" autoComplete="current-password" error={e.currentPassword} />
        <Field name="newPassword" label={t('new')} type="password" autoComplete="new-password" error={e.newPassword} hint={t('newHint', { min: minLength })} />
        <Field name="confirmPassword" label={t('confirm')} type="password" autoComplete="new-password" error={e.confirmPassword} />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText={t('submitting')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
