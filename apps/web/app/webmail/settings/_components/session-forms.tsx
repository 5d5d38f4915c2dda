'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { endSessionsAction } from '../actions.ts';

/** Signs out one other browser. */
export function EndSessionButton({ sessionId, label }: { sessionId: string; label: string }) {
  const t = useTranslations('webmailSettings.sessions');
  const [state, action] = useActionState(endSessionsAction, initialFormState);
  return (
    <form action={action} aria-label={label}>
      <input type="hidden" name="sessionId" value={sessionId} />
      {state.formError && (
        <p role="alert" className="text-xs text-red-600">
          {state.formError}
        </p>
      )}
      <SubmitButton variant="secondary" pendingText={t('signingOut')} className="px-2.5 py-1 text-xs">
        {t('signOut')}
      </SubmitButton>
    </form>
  );
}

/** "Sign out all other browsers": this one stays. */
export function EndOtherSessionsForm({ others }: { others: number }) {
  const t = useTranslations('webmailSettings.sessions');
  const [state, action] = useActionState(endSessionsAction, initialFormState);
  return (
    <form action={action} aria-label={t('signOutOthers')}>
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">{others === 0 ? t('onlyHere') : t('elsewhere', { count: others })}</p>
        {others > 0 && (
          <SubmitButton pendingText={t('signingOut')} className="shrink-0">
            {t('signOutOthers')}
          </SubmitButton>
        )}
      </div>
    </form>
  );
}
