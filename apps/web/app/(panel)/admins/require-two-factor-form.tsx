'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { CheckboxField, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { requireTwoFactorAction } from './actions.ts';

export function RequireTwoFactorForm({ required, enabled, total }: { required: boolean; enabled: number; total: number }) {
  const t = useTranslations('admins.require');
  const [state, action] = useActionState(requireTwoFactorAction, initialFormState);
  // After a refused change the box shows what was asked for, beside the reason.
  const checked = state.status === 'idle' ? required : state.values.requireTwoFactor === 'on';
  return (
    <form action={action} noValidate aria-label={t('formLabel')}>
      <FormMessage state={state.status === 'success' ? state : initialFormState} />
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <CheckboxField
          key={String(checked)}
          name="requireTwoFactor"
          label={t('label')}
          description={t('status', { enabled, total })}
          defaultChecked={checked}
          error={state.fieldErrors.requireTwoFactor ?? (state.status === 'error' ? state.formError : undefined)}
        />
        <SubmitButton variant="secondary" pendingText={t('saving')} className="shrink-0 self-start">
          {t('save')}
        </SubmitButton>
      </div>
    </form>
  );
}
