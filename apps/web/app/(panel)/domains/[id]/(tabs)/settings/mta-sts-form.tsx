'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { updateMtaStsModeAction } from './mta-sts-action.ts';

/** none / testing / enforce, each with what it means for senders. */
export function MtaStsForm({ domainId, current }: { domainId: number; current: string }) {
  const t = useTranslations('dnsCheck.mtaSts');
  const [state, action] = useActionState(updateMtaStsModeAction.bind(null, domainId), initialFormState);
  const chosen = state.status === 'success' ? (state.values.mtaStsMode ?? current) : current;
  const options = [
    { value: 'testing', label: t('testing'), hint: t('testingHint') },
    { value: 'enforce', label: t('enforce'), hint: t('enforceHint') },
    { value: 'none', label: t('none'), hint: t('noneHint') },
  ];
  return (
    <form key={chosen} action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <fieldset className="grid gap-3">
        <legend className="sr-only">{t('form')}</legend>
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-3 text-sm">
            <input
              type="radio"
              name="mtaStsMode"
              value={option.value}
              defaultChecked={chosen === option.value}
              className="mt-0.5 size-4 border-slate-300 accent-indigo-600"
            />
            <span>
              <span className="font-medium text-slate-700">{option.label}</span>
              <span className="block text-slate-500">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {state.fieldErrors.mtaStsMode && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {state.fieldErrors.mtaStsMode}
        </p>
      )}
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}
