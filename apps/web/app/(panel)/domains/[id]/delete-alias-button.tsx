'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { deleteAliasAction } from './actions.ts';

/** Two clicks: "Delete", then "Confirm" (or "Cancel"). */
export function DeleteAliasButton({ aliasId, address }: { aliasId: number; address: string }) {
  const t = useTranslations('aliases.delete');
  const tc = useTranslations('common');
  const [state, action] = useActionState(deleteAliasAction.bind(null, aliasId), initialFormState);
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  if (!armed) {
    return (
      <button type="button" className={buttonClass.dangerGhost} disabled={!hydrated} onClick={() => setArmed(true)} aria-label={t('label', { address })}>
        {t('open')}
      </button>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center justify-end gap-2">
      {state.formError && (
        <span role="alert" className="text-xs text-red-600">
          {state.formError}
        </span>
      )}
      <button type="button" className={buttonClass.secondary} onClick={() => setArmed(false)}>
        {tc('cancel')}
      </button>
      <SubmitButton variant="danger" pendingText={t('pending')}>
        {t('confirm')}
      </SubmitButton>
    </form>
  );
}
