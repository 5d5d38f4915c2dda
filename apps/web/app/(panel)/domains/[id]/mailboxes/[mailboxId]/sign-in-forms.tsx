'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import { generatePasswordAction, type PasswordFormState, resetTwoFactorAction, revokeAppPasswordAction, setPasswordAction } from './actions.ts';

/** A destructive step behind a second click: a button arms a small confirmation form, and only that form runs the action. */
function useArmed() {
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  return { armed, arm: () => setArmed(true), disarm: () => setArmed(false), hydrated };
}

/** "Generate a new password": after a confirmation, shows the new password once, with a copy button. */
export function GeneratePasswordForm({ mailboxId, address }: { mailboxId: number; address: string }) {
  const t = useTranslations('mailbox.password');
  const tc = useTranslations('common');
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
        <form action={action} aria-label={t('confirmTitle', { address })} className="rounded-lg border border-amber-200 bg-amber-50 p-4">
          <input type="hidden" name="mailboxId" value={mailboxId} />
          <FormMessage state={state} />
          <h3 className="text-sm font-semibold break-words text-amber-900">{t('confirmTitle', { address })}</h3>
          <p className="mt-1 text-sm text-amber-900">{t('confirmText')}</p>
          <div className="mt-4 flex flex-wrap gap-2">
            <SubmitButton pendingText={t('generating')}>{t('confirmYes')}</SubmitButton>
            <button type="button" className={buttonClass.secondary} onClick={disarm}>
              {tc('cancel')}
            </button>
          </div>
        </form>
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
  const tc = useTranslations('common');
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
    <form action={action} aria-label={t('revokeLabel', { name })} className="w-full rounded-lg border border-red-200 bg-red-50 p-4">
      <input type="hidden" name="mailboxId" value={mailboxId} />
      <input type="hidden" name="appPasswordId" value={appPasswordId} />
      <FormMessage state={state} />
      <p className="text-sm break-words text-red-800">{t('confirmText', { name })}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText={t('revoking')}>
          {t('confirmYes')}
        </SubmitButton>
        <button type="button" className={buttonClass.secondary} onClick={disarm}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}

export function ResetTwoFactorForm({ mailboxId, address, enrolled }: { mailboxId: number; address: string; enrolled: boolean }) {
  const t = useTranslations('mailbox.twoFactor');
  const tc = useTranslations('common');
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
          <form action={action} aria-label={t('confirmTitle', { address })} className="rounded-lg border border-red-200 bg-red-50 p-4">
            <input type="hidden" name="mailboxId" value={mailboxId} />
            <FormMessage state={state} />
            <h3 className="text-sm font-semibold break-words text-red-800">{t('confirmTitle', { address })}</h3>
            <p className="mt-1 text-sm text-red-800">{t('confirmText')}</p>
            <div className="mt-4 flex flex-wrap gap-2">
              <SubmitButton variant="danger" pendingText={t('resetting')}>
                {t('confirmYes')}
              </SubmitButton>
              <button type="button" className={buttonClass.secondary} onClick={disarm}>
                {tc('cancel')}
              </button>
            </div>
          </form>
        ))}
    </div>
  );
}
