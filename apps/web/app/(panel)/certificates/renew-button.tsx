'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { renewCertificate } from './actions.ts';

/** "Renew now" for one name set, with the answer beside it. */
export function RenewButton({ id, names }: { id: number; names: string }) {
  const [state, renew] = useActionState(renewCertificate.bind(null, id), initialFormState);
  const t = useTranslations('certificates');
  return (
    <div className="flex flex-col items-start gap-1 sm:items-end">
      <form action={renew}>
        <SubmitButton variant="secondary" pendingText="…" className="px-2 py-1 text-xs whitespace-nowrap">
          <span aria-hidden="true">{t('renewNow')}</span>
          <span className="sr-only">{t('renewFor', { names })}</span>
        </SubmitButton>
      </form>
      {state.formError && (
        <span role="alert" className="text-xs text-red-600">
          {state.formError}
        </span>
      )}
      {state.message && (
        <span role="status" className="max-w-48 text-xs text-emerald-700 sm:text-right">
          {state.message}
        </span>
      )}
    </div>
  );
}
