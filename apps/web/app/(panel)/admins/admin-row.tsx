'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { CheckboxField, SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { type AdminRowAction, adminRowAction } from './actions.ts';
import type { DomainChoice } from './add-admin-form.tsx';

export interface AdminSummary {
  id: number;
  email: string;
  active: boolean;
  superadmin: boolean;
  domainIds: number[];
  twoFactor: boolean;
}

const small = 'px-2 py-1 text-xs';

/** One administrator's actions: domains (domain admins), switch on/off, end sessions, reset 2FA, remove. */
export function AdminRowActions({ admin, domains, self }: { admin: AdminSummary; domains: DomainChoice[]; self: boolean }) {
  const t = useTranslations('admins.row');
  const bind = (action: AdminRowAction) => adminRowAction.bind(null, admin.id, action);
  const [domainsState, saveDomains] = useActionState(bind('domains'), initialFormState);
  const [toggleState, toggle] = useActionState(bind(admin.active ? 'disable' : 'enable'), initialFormState);
  const [signOutState, signOut] = useActionState(bind('sign-out'), initialFormState);
  const [resetState, reset] = useActionState(bind('reset-two-factor'), initialFormState);
  const [removeState, remove] = useActionState(bind('remove'), initialFormState);
  const [confirming, setConfirming] = useState<'remove' | 'reset' | null>(null);
  const outcome = [domainsState, toggleState, signOutState, resetState, removeState].find((s) => s.status !== 'idle');
  return (
    <div className="flex flex-col gap-3">
      {!admin.superadmin && (
        <form action={saveDomains} aria-label={t('domainsOf', { email: admin.email })} className="flex flex-wrap items-center gap-x-4 gap-y-2">
          {domains.map((domain) => (
            <CheckboxField
              key={domain.id}
              name={`domain-${domain.id}`}
              id={`admin-${admin.id}-domain-${domain.id}`}
              label={domain.name}
              defaultChecked={admin.domainIds.includes(domain.id)}
            />
          ))}
          <SubmitButton variant="secondary" pendingText={t('saving')} className={small}>
            {t('saveDomains')}
          </SubmitButton>
        </form>
      )}
      <fieldset className="flex flex-wrap gap-1" aria-label={t('actionsFor', { email: admin.email })}>
        {!self && (
          <form action={toggle}>
            <SubmitButton variant="secondary" pendingText="…" className={small}>
              {admin.active ? t('switchOff') : t('switchOn')}
            </SubmitButton>
          </form>
        )}
        <form action={signOut}>
          <SubmitButton variant="secondary" pendingText="…" className={small}>
            {t('signOutEverywhere')}
          </SubmitButton>
        </form>
        {!self && admin.twoFactor && confirming !== 'reset' && (
          <button type="button" className={`${buttonClass.secondary} ${small}`} onClick={() => setConfirming('reset')}>
            {t('resetTwoFactor')}
          </button>
        )}
        {!self && confirming !== 'remove' && (
          <button type="button" className={`${buttonClass.danger} ${small}`} onClick={() => setConfirming('remove')}>
            {t('remove')}
          </button>
        )}
      </fieldset>
      {!self && admin.twoFactor && confirming === 'reset' && (
        <form action={reset} className="flex flex-wrap items-center gap-1" aria-label={t('resetTwoFactor')}>
          <span className="w-full text-xs text-slate-700">{t('resetConfirm', { email: admin.email })}</span>
          <SubmitButton variant="danger" pendingText="…" className={small}>
            {t('yesReset')}
          </SubmitButton>
          <button type="button" className={`${buttonClass.secondary} ${small}`} onClick={() => setConfirming(null)}>
            {t('keep')}
          </button>
        </form>
      )}
      {!self && confirming === 'remove' && (
        <form action={remove} className="flex flex-wrap items-center gap-1">
          <span className="text-xs text-slate-700">{t('removeConfirm', { email: admin.email })}</span>
          <SubmitButton variant="danger" pendingText="…" className={small}>
            {t('yesRemove')}
          </SubmitButton>
          <button type="button" className={`${buttonClass.secondary} ${small}`} onClick={() => setConfirming(null)}>
            {t('keep')}
          </button>
        </form>
      )}
      {outcome && (
        <p role={outcome.formError ? 'alert' : 'status'} className={outcome.formError ? 'text-xs text-red-600' : 'text-xs text-green-700'}>
          {outcome.formError ?? outcome.message}
        </p>
      )}
    </div>
  );
}
