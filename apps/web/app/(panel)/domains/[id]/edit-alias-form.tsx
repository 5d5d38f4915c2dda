'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import { updateAliasAction } from './actions.ts';

/** "Edit" opens the alias's destinations (one per line) and its on/off switch in place. */
export function EditAliasForm({ aliasId, address, destinations, active }: { aliasId: number; address: string; destinations: string[]; active: boolean }) {
  const t = useTranslations('aliases.edit');
  const tc = useTranslations('common');
  const [open, setOpen] = useState(false);
  const [state, action] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await updateAliasAction(aliasId, previous, formData);
    if (next.status === 'success') setOpen(false);
    return next;
  }, initialFormState);
  const hydrated = useHydrated();
  if (!open) {
    return (
      <div className="flex flex-col items-start gap-1 sm:items-end">
        {state.status === 'success' && state.message && (
          <span role="status" className="text-xs text-green-700">
            {state.message}
          </span>
        )}
        <button type="button" className={buttonClass.secondary} disabled={!hydrated} aria-label={t('label', { address })} onClick={() => setOpen(true)}>
          {t('open')}
        </button>
      </div>
    );
  }
  const prefix = `alias-${aliasId}`;
  return (
    <form action={action} noValidate aria-label={t('label', { address })} className="w-full space-y-3 text-left sm:w-72">
      {state.status === 'error' && <FormMessage state={state} />}
      <Field
        name="destinations"
        id={`${prefix}-destinations`}
        label={t('deliversTo')}
        multiline
        rows={Math.min(6, Math.max(2, destinations.length + 1))}
        defaultValue={state.values.destinations ?? destinations.join('\n')}
        error={state.fieldErrors.destinations}
        hint={t('hint')}
      />
      <CheckboxField name="active" id={`${prefix}-active`} label={t('active')} defaultChecked={state.values.active ? state.values.active === 'on' : active} />
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={() => setOpen(false)}>
          {tc('cancel')}
        </button>
        <SubmitButton pendingText={tc('saving')}>{tc('save')}</SubmitButton>
      </div>
    </form>
  );
}
