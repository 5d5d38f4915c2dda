'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { endOtherSessionsAction } from './actions.ts';

export function EndSessionsForm({ others }: { others: number }) {
  const t = useTranslations('account.sessions');
  const [state, action] = useActionState(endOtherSessionsAction, initialFormState);
  return (
    <form action={action} aria-label={t('formLabel')}>
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">
          {others === 0 ? t('onlyHere') : t('elsewhere', { count: others })} {t('advice')}
        </p>
        <SubmitButton pendingText={t('submitting')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
