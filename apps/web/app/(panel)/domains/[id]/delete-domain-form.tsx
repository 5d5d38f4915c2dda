'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { deleteDomainAction } from '../actions.ts';

/**
 * Step one asks the server: a domain with mailboxes or aliases answers with
 * exactly what would go, and only "Delete everything" (confirm=yes) removes
 * it. An empty domain is confirmed here before it is sent.
 */
export function DeleteDomainForm({ domainId, domainName, empty }: { domainId: number; domainName: string; empty: boolean }) {
  const t = useTranslations('domains.delete');
  const tc = useTranslations('common');
  const [state, action] = useActionState(deleteDomainAction.bind(null, domainId), initialFormState);
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  const [dismissed, setDismissed] = useState<typeof state | null>(null);
  const confirming = state.status === 'confirm' && dismissed !== state;

  if (confirming) {
    return (
      <form action={action} aria-label={t('confirmForm')} className="rounded-lg border border-red-200 bg-red-50 p-4">
        <input type="hidden" name="confirm" value="yes" />
        <h3 className="text-sm font-semibold break-words text-red-800">{t('everythingTitle', { name: domainName })}</h3>
        <p className="mt-1 text-sm text-red-800">{t('everythingText')}</p>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm break-words text-red-900" data-testid="delete-consequences">
          {(state.consequences ?? []).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <div className="mt-4 flex flex-wrap gap-2">
          <SubmitButton variant="danger" pendingText={t('pending')}>
            {t('everything')}
          </SubmitButton>
          <button type="button" className={buttonClass.secondary} onClick={() => setDismissed(state)}>
            {tc('cancel')}
          </button>
        </div>
      </form>
    );
  }

  if (empty && armed) {
    return (
      <form action={action} aria-label={t('confirmForm')} className="rounded-lg border border-red-200 bg-red-50 p-4">
        <input type="hidden" name="confirm" value="yes" />
        <h3 className="text-sm font-semibold break-words text-red-800">{t('emptyTitle', { name: domainName })}</h3>
        <p className="mt-1 text-sm text-red-800">{t('emptyText')}</p>
        <div className="mt-4 flex flex-wrap gap-2">
          <SubmitButton variant="danger" pendingText={t('pending')}>
            {t('submit')}
          </SubmitButton>
          <button type="button" className={buttonClass.secondary} onClick={() => setArmed(false)}>
            {tc('cancel')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <form action={action} aria-label={t('form')}>
      <FormMessage state={state.status === 'confirm' ? initialFormState : state} />
      {empty ? (
        <button type="button" className={buttonClass.danger} disabled={!hydrated} onClick={() => setArmed(true)}>
          {t('open')}
        </button>
      ) : (
        <SubmitButton variant="danger" pendingText={t('checking')}>
          {t('open')}
        </SubmitButton>
      )}
    </form>
  );
}
