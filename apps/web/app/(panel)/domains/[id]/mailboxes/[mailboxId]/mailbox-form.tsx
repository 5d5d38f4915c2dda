'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { ConfirmForm, useArmed } from '@/components/confirm-form.tsx';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { deleteMailboxAction, updateMailboxAction } from './actions.ts';

export interface MailboxSettings {
  displayName: string;
  quota: string;
  active: boolean;
  /** Empty: the server's default. */
  sendLimitPerHour: string;
  sendLimitPerDay: string;
}

export function MailboxForm({
  mailboxId,
  current,
  defaults,
}: {
  mailboxId: number;
  current: MailboxSettings;
  /** The server's sending limits (SEND_LIMIT_PER_HOUR/DAY), which apply while a field is empty; 0 = none. */
  defaults: { perHour: number; perDay: number };
}) {
  const t = useTranslations('mailbox.settings');
  const [state, action] = useActionState(updateMailboxAction, initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  const value = (field: keyof MailboxSettings) => (changed ? (v[field] ?? '') : String(current[field]));
  const placeholder = (limit: number) => (limit === 0 ? t('noLimit') : String(limit));
  return (
    <form action={action} noValidate aria-label={t('title')}>
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="displayName" label={t('displayName')} defaultValue={value('displayName')} error={e.displayName} />
        <Field name="quota" label={t('quota')} defaultValue={value('quota')} error={e.quota} hint={t('quotaHint')} />
        <div className="sm:col-span-2">
          <CheckboxField
            name="active"
            label={t('active')}
            description={t('activeHint')}
            defaultChecked={changed ? v.active === 'on' : current.active}
            error={e.active}
          />
        </div>
      </div>
      <div className="mt-6 border-t border-slate-100 pt-5">
        <fieldset>
          <legend className="text-sm font-semibold text-slate-900">{t('limitsTitle')}</legend>
          <p className="mt-0.5 mb-4 text-sm text-slate-500">{t('limitsHint')}</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              name="sendLimitPerHour"
              label={t('perHour')}
              inputMode="numeric"
              defaultValue={value('sendLimitPerHour')}
              placeholder={placeholder(defaults.perHour)}
              error={e.sendLimitPerHour}
              hint={t('limitHint', { limit: defaults.perHour })}
            />
            <Field
              name="sendLimitPerDay"
              label={t('perDay')}
              inputMode="numeric"
              defaultValue={value('sendLimitPerDay')}
              placeholder={placeholder(defaults.perDay)}
              error={e.sendLimitPerDay}
              hint={t('limitHint', { limit: defaults.perDay })}
            />
          </div>
        </fieldset>
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}

export function DeleteMailboxForm({ mailboxId, address, messages }: { mailboxId: number; address: string; messages: number }) {
  const t = useTranslations('mailbox.delete');
  const [state, action] = useActionState(deleteMailboxAction, initialFormState);
  const { armed, arm, disarm, hydrated } = useArmed();
  if (!armed) {
    return (
      <button type="button" className={buttonClass.danger} disabled={!hydrated} onClick={arm}>
        {t('button')}
      </button>
    );
  }
  return (
    <ConfirmForm
      action={action}
      state={state}
      fields={{ mailboxId }}
      title={t('confirmTitle', { address })}
      text={t('confirmText', { count: messages })}
      confirm={t('confirmYes')}
      pending={t('deleting')}
      onCancel={disarm}
    />
  );
}
