'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createDomainAction } from './actions.ts';

export function CreateDomainForm() {
  const t = useTranslations('domains.add');
  const [state, action] = useActionState(createDomainAction, initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="name" label={t('name')} placeholder="example.com" autoComplete="off" defaultValue={v.name ?? ''} error={e.name} hint={t('nameHint')} />
        <Field name="description" label={t('descriptionField')} placeholder={t('optional')} defaultValue={v.description ?? ''} error={e.description} />
        <Field
          name="defaultQuota"
          label={t('defaultQuota')}
          placeholder="1G"
          defaultValue={v.defaultQuota ?? ''}
          error={e.defaultQuota}
          hint={t('defaultQuotaHint')}
        />
        <Field
          name="maxMailboxes"
          label={t('maxMailboxes')}
          placeholder="0"
          inputMode="numeric"
          defaultValue={v.maxMailboxes ?? ''}
          error={e.maxMailboxes}
          hint={t('maxMailboxesHint')}
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText={t('pending')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
