'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { ConfirmForm, useArmed } from '@/components/confirm-form.tsx';
import { CopyButton } from '@/components/copy-button.tsx';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import { generatePasswordAction, type PasswordFormState, resetTwoFactorAction, revokeAppPasswordAction, setPasswordAction } from './actions.ts';

/** "Generate a new password": after a confirmation, shows the new password once, with a copy button. */
export function GeneratePasswordForm({ mailboxId, address }: { mailboxId: number; address: string }) {
  const t = useTranslations('mailbox.password');
  const { armed, arm, disarm, hydrated } = useArmed();
  const [hidden, setHidden] = useState(false);
  const [state, action] = useActionState<PasswordFormState, FormData>(async (prev, formData) => {
    const next = await generatePasswordAction(prev, formData);
    if (next.generatedPassword) {
      disarm();
      setHidden(false);
    }
    return next;
  }, initialFormState);
  const password = !hidden ? state.generatedPassword : undefined;
  return (
    <div className="space-y-4">
      {password && (
        <div className="rounded-lg border border-emerald-200 bg-emerald-50 p-4" role="status" data-testid="generated-password-box">
          <p className="text-sm font-medium text-emerald-900">{t('generated', { address })}</p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code
              data-testid="generated-password"
              className="rounded-md bg-white px-3 py-1.5 font-mono text-base break-all text-slate-900 ring-1 ring-emerald-200"
            >
              {password}
            </code>
            <CopyButton value={password} label={t('newPassword')} className="bg-white" />
          </div>
          <p className="mt-2 text-sm text-emerald-900">{t('shownOnce')}</p>
          <button type="button" className={`${buttonClass.secondary} mt-3`} onClick={() => setHidden(true)}>
            {t('hide')}
          </button>
        </div>
      )}
      {!armed ? (
        <button type="button" className={buttonClass.secondary} disabled={!hydrated} onClick={arm}>
          {t('generate')}
        </button>
      ) : (
        <ConfirmForm
          action={action}
          state={state}
          fields={{ mailboxId }}
          tone="amber"
          title={t('confirmTitle', { address })}
          text={t('confirmText')}
          confirm={t('confirmYes')}
          pending={t('generating')}
          onCancel={disarm}
        />
      )}
    </div>
  );
}

/** "Set this password": the administrator types one (checked against the password policy). */
export function SetPasswordForm({ mailboxId }: { mailboxId: number }) {
  const t = useTranslations('mailbox.password');
  const [state, action] = useActionState(setPasswordAction, initialFormState);
  return (
    <form action={action} noValidate aria-label={t('setTitle')}>
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <Field
          name="password"
          label={t('newPassword')}
          type="password"
          autoComplete="new-password"
          defaultValue={state.values.password ?? ''}
          error={state.fieldErrors.password}
          hint={t('newPasswordHint')}
          className="min-w-0 flex-1"
        />
        <SubmitButton className="sm:mt-7">{t('set')}</SubmitButton>
      </div>
    </form>
  );
}

export function RevokeAppPasswordForm({ mailboxId, appPasswordId, name }: { mailboxId: number; appPasswordId: number; name: string }) {
  const t = useTranslations('mailbox.appPasswords');
  const { armed, arm, disarm, hydrated } = useArmed();
  const [state, action] = useActionState(revokeAppPasswordAction, initialFormState);
  if (!armed) {
    return (
      <button type="button" className={buttonClass.dangerGhost} disabled={!hydrated} onClick={arm} aria-label={t('revokeLabel', { name })}>
        {t('revoke')}
      </button>
    );
  }
  return (
    <ConfirmForm
      action={action}
      state={state}
      fields={{ mailboxId, appPasswordId }}
      label={t('revokeLabel', { name })}
      text={t('confirmText', { name })}
      confirm={t('confirmYes')}
      pending={t('revoking')}
      onCancel={disarm}
      className="w-full"
    />
  );
}

export function ResetTwoFactorForm({ mailboxId, address, enrolled }: { mailboxId: number; address: string; enrolled: boolean }) {
  const t = useTranslations('mailbox.twoFactor');
  const { armed, arm, disarm, hydrated } = useArmed();
  const [state, action] = useActionState(async (prev: FormState, formData: FormData) => {
    const next = await resetTwoFactorAction(prev, formData);
    if (next.status === 'success') disarm();
    return next;
  }, initialFormState);
  if (!enrolled && state.status === 'idle') return null;
  return (
    <div>
      {/* The notice stays after the reset, when the form itself is gone. */}
      {!armed && <FormMessage state={state} />}
      {enrolled &&
        (!armed ? (
          <button type="button" className={buttonClass.secondary} disabled={!hydrated} onClick={arm}>
            {t('reset')}
          </button>
        ) : (
          <ConfirmForm
            action={action}
            state={state}
            fields={{ mailboxId }}
            title={t('confirmTitle', { address })}
            text={t('confirmText')}
            confirm={t('confirmYes')}
            pending={t('resetting')}
            onCancel={disarm}
          />
        ))}
    </div>
  );
}
