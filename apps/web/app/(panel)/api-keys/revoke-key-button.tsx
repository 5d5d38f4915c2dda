'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { revokeApiKeyAction } from './actions.ts';

/** Revoke, after a yes. */
export function RevokeKeyButton({ id, name }: { id: number; name: string }) {
  const t = useTranslations('apiKeys.revoke');
  const [state, revoke] = useActionState(revokeApiKeyAction.bind(null, id), initialFormState);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="flex flex-col items-start gap-1">
      {!confirming ? (
        <button type="button" className={`${buttonClass.dangerGhost} -ml-2`} onClick={() => setConfirming(true)}>
          {t('button')}
        </button>
      ) : (
        <form action={revoke} className="flex flex-wrap items-center gap-1" aria-label={t('confirm', { name })}>
          <span className="text-xs text-slate-700">{t('confirm', { name })}</span>
          <SubmitButton variant="danger" pendingText={t('pending')} className="px-2 py-1 text-xs">
            {t('yes')}
          </SubmitButton>
          <button type="button" className={`${buttonClass.secondary} px-2 py-1 text-xs`} onClick={() => setConfirming(false)}>
            {t('keep')}
          </button>
        </form>
      )}
      {state.formError && (
        <p role="alert" className="text-xs text-red-600">
          {state.formError}
        </p>
      )}
    </div>
  );
}
