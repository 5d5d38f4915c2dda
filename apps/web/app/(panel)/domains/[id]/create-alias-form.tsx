'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createAliasAction } from './actions.ts';

export function CreateAliasForm({ domainId, domainName }: { domainId: number; domainName: string }) {
  const t = useTranslations('aliases.add');
  const [state, action] = useActionState(createAliasAction.bind(null, domainId), initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="localPart"
          label={t('address')}
          placeholder="sales"
          autoComplete="off"
          suffix={`@${domainName}`}
          defaultValue={v.localPart ?? ''}
          error={e.localPart}
          hint={t('addressHint')}
        />
        <Field
          name="destinations"
          label={t('deliverTo')}
          multiline
          rows={4}
          placeholder={`info@${domainName}\npartner@example.org`}
          defaultValue={v.destinations ?? ''}
          error={e.destinations}
          hint={t('deliverToHint')}
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText={t('pending')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
