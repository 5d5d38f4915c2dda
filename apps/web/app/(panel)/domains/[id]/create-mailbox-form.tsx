'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createMailboxAction } from './actions.ts';

export function CreateMailboxForm({ domainId, domainName, defaultQuota }: { domainId: number; domainName: string; defaultQuota: string }) {
  const t = useTranslations('mailboxes.add');
  const [state, action] = useActionState(createMailboxAction.bind(null, domainId), initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="localPart"
          label={t('address')}
          placeholder="info"
          autoComplete="off"
          suffix={`@${domainName}`}
          defaultValue={v.localPart ?? ''}
          error={e.localPart}
        />
        <Field
          name="displayName"
          label={t('displayName')}
          placeholder={t('displayNamePlaceholder')}
          autoComplete="off"
          defaultValue={v.displayName ?? ''}
          error={e.displayName}
        />
        <Field
          name="password"
          label={t('password')}
          type="password"
          autoComplete="new-password"
          defaultValue={v.password ?? ''}
          error={e.password}
          hint={t('passwordHint')}
        />
        <Field name="quota" label={t('quota')} defaultValue={v.quota ?? defaultQuota} error={e.quota} hint={t('quotaHint')} />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText={t('pending')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
