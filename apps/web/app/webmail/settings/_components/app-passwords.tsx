'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { type AppPasswordFormState, createAppPasswordAction, revokeAppPasswordAction } from '../actions.ts';

/** The name field; after creating, the new password once, with a copy button, until "Done". */
export function CreateAppPasswordForm({ address }: { address: string }) {
  const t = useTranslations('webmailSettings.appPasswords');
  const [state, action] = useActionState(createAppPasswordAction, initialFormState as AppPasswordFormState);
  const [created, setCreated] = useState<AppPasswordFormState['created']>(undefined);
  useEffect(() => {
    if (state.created) setCreated(state.created);
  }, [state]);
  if (created) {
    return (
      <section aria-labelledby="new-app-password-title" className="rounded-xl border border-amber-200 bg-amber-50/60 p-4 sm:p-5" data-testid="new-app-password">
        <h3 id="new-app-password-title" className="text-sm font-semibold text-slate-900">
          {t('createdTitle', { name: created.name })}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{t('createdText')}</p>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <code
            data-testid="app-password-value"
            className="rounded-md bg-white px-3 py-1.5 font-mono text-base tracking-wide text-slate-900 ring-1 ring-slate-200"
          >
            {created.password}
          </code>
          <CopyButton value={created.password} label={t('copyLabel')} className="bg-white" />
        </div>
        <p className="mt-2 font-mono text-xs break-all text-slate-500">{address}</p>
        <div className="mt-4 flex justify-end">
          <button type="button" className={buttonClass.primary} onClick={() => setCreated(undefined)}>
            {t('done')}
          </button>
        </div>
      </section>
    );
  }
  return (
    <form action={action} noValidate aria-label={t('formLabel')}>
      <FormMessage state={state.created ? initialFormState : state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field
          name="name"
          id="app-password-name"
          label={t('name')}
          placeholder={t('namePlaceholder')}
          defaultValue={state.status === 'error' ? (state.values.name ?? '') : ''}
          error={state.fieldErrors.name}
          hint={t('nameHint')}
          className="sm:w-72"
        />
        <SubmitButton pendingText={t('creating')} className="sm:mt-7">
          {t('create')}
        </SubmitButton>
      </div>
    </form>
  );
}

export function RevokeAppPasswordButton({ appPasswordId, name }: { appPasswordId: number; name: string }) {
  const t = useTranslations('webmailSettings.appPasswords');
  const [state, action] = useActionState(revokeAppPasswordAction, initialFormState);
  return (
    <form action={action} aria-label={t('revokeLabel', { name })} className="flex flex-col items-end gap-1">
      <input type="hidden" name="appPasswordId" value={appPasswordId} />
      {state.formError && (
        <p role="alert" className="text-xs text-red-600">
          {state.formError}
        </p>
      )}
      <SubmitButton variant="secondary" pendingText={t('revoking')} className="px-2.5 py-1 text-xs">
        {t('revoke')}
      </SubmitButton>
    </form>
  );
}
