'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useActionState, useEffect, useState } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { Alert, Badge, buttonClass } from '@/components/ui.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import type { EnrolmentView } from '@/lib/two-factor.ts';
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTwoFactorAction,
  type TwoFactorFormState,
} from './two-factor-actions.ts';

/** The server actions behind the forms: the admin's own (default), or a mailbox user's in webmail's settings. */
export interface TwoFactorActions {
  start: (prev: FormState, formData: FormData) => Promise<FormState>;
  confirm: (prev: TwoFactorFormState, formData: FormData) => Promise<TwoFactorFormState>;
  regenerate: (prev: TwoFactorFormState, formData: FormData) => Promise<TwoFactorFormState>;
  disable: (prev: FormState, formData: FormData) => Promise<FormState>;
}

const ADMIN_ACTIONS: TwoFactorActions = {
  start: startTwoFactorAction,
  confirm: confirmTwoFactorAction,
  regenerate: regenerateRecoveryCodesAction,
  disable: disableTwoFactorAction,
};

export interface TwoFactorStatusView {
  enabled: boolean;
  /** Formatted on the server, in the panel's language. */
  onSince?: string;
  codesLeft: number;
  required: boolean;
}

/**
 * Own 2FA in every state: off (start), set up (QR code, key, first code),
 * recovery codes right after they are made (shown once), on (new codes,
 * turn off). One component, so the codes stay on screen while the page
 * around it refreshes. `variant="required"`: the setup page of an admin
 * who must turn 2FA on, which leads on to the panel instead. Webmail's
 * settings use it for a mailbox user with their own `actions`.
 */
export function TwoFactorSection({
  status,
  enrolment,
  email,
  variant = 'account',
  actions = ADMIN_ACTIONS,
}: {
  status: TwoFactorStatusView;
  enrolment: EnrolmentView | null;
  email: string;
  variant?: 'account' | 'required';
  actions?: TwoFactorActions;
}) {
  const t = useTranslations('account.twoFactor');
  const tEnrol = useTranslations('signin.enrol');
  const [startState, start] = useActionState(actions.start, initialFormState);
  const [confirmState, confirm] = useActionState(actions.confirm, initialFormState as TwoFactorFormState);
  const [regenerateState, regenerate] = useActionState(actions.regenerate, initialFormState as TwoFactorFormState);
  const [disableState, disable] = useActionState(actions.disable, initialFormState);
  const [codes, setCodes] = useState<string[] | null>(null);
  useEffect(() => {
    if (confirmState.codes) setCodes(confirmState.codes);
  }, [confirmState]);
  useEffect(() => {
    if (regenerateState.codes) setCodes(regenerateState.codes);
  }, [regenerateState]);

  if (codes) {
    return (
      <div className="flex flex-col gap-4">
        <FormMessage state={regenerateState.codes === codes ? regenerateState : confirmState} />
        <RecoveryCodes codes={codes} email={email} />
        <div className="flex flex-wrap justify-end gap-2">
          {variant === 'required' ? (
            <Link href="/" className={buttonClass.primary}>
              {t('saved')}
            </Link>
          ) : (
            <button type="button" className={buttonClass.primary} onClick={() => setCodes(null)}>
              {t('saved')}
            </button>
          )}
        </div>
      </div>
    );
  }

  if (status.enabled) {
    return (
      <div className="flex flex-col gap-5">
        <FormMessage state={confirmState.status === 'success' ? confirmState : initialFormState} />
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="two-factor-status">
          <Badge tone="green">{t('on')}</Badge>
          <span>{status.onSince && t('onSince', { date: status.onSince })}</span>
          <span className={status.codesLeft <= 2 ? 'font-medium text-amber-700' : undefined}>{t('codesLeft', { count: status.codesLeft })}</span>
        </p>
        {variant === 'required' && (
          <div className="flex justify-end">
            <Link href="/" className={buttonClass.primary}>
              {tEnrol('continue')}
            </Link>
          </div>
        )}
        {variant === 'account' && (
          <div className="grid gap-6 border-t border-slate-100 pt-5 lg:grid-cols-2">
            <form action={regenerate} noValidate aria-label={t('regenerateLabel')} className="flex flex-col gap-3">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">{t('regenerateTitle')}</h3>
                <p className="mt-0.5 text-sm text-slate-500">{t('regenerateText')}</p>
              </div>
              <FormMessage state={regenerateState.codes ? initialFormState : regenerateState} />
              <Field
                name="code"
                id="regenerate-code"
                label={t('code')}
                autoComplete="one-time-code"
                inputMode="numeric"
                defaultValue={regenerateState.values.code ?? ''}
                error={regenerateState.fieldErrors.code}
              />
              <div>
                <SubmitButton variant="secondary" pendingText={t('regenerating')}>
                  {t('regenerate')}
                </SubmitButton>
              </div>
            </form>
            <form action={disable} noValidate aria-label={t('disableLabel')} className="flex flex-col gap-3">
              <div>
                <h3 className="text-sm font-semibold text-slate-900">{t('disableTitle')}</h3>
                <p className="mt-0.5 text-sm text-slate-500">{t('disableText')}</p>
              </div>
              <FormMessage state={disableState} />
              <div className="grid gap-3 sm:grid-cols-2">
                <Field
                  name="password"
                  id="disable-password"
                  label={t('disablePassword')}
                  type="password"
                  autoComplete="current-password"
                  error={disableState.fieldErrors.password}
                />
                <Field
                  name="code"
                  id="disable-code"
                  label={t('disableCode')}
                  autoComplete="one-time-code"
                  defaultValue={disableState.values.code ?? ''}
                  error={disableState.fieldErrors.code}
                />
              </div>
              <div>
                <SubmitButton variant="danger" pendingText={t('disabling')}>
                  {t('disable')}
                </SubmitButton>
              </div>
            </form>
          </div>
        )}
      </div>
    );
  }

  if (enrolment) {
    return (
      <div className="flex flex-col gap-5">
        <FormMessage state={startState.status === 'error' ? startState : initialFormState} />
        <ol className="flex flex-col gap-5 text-sm text-slate-700">
          <li className="flex flex-col gap-4 sm:flex-row sm:items-start">
            {/* A data: URL: the CSP allows img-src data:, and the secret never leaves this page. */}
            {/* biome-ignore lint/performance/noImgElement: a generated data: URL, nothing for an image optimiser to do */}
            <img
              src={enrolment.qr}
              alt={t('qrAlt')}
              width={176}
              height={176}
              className="size-44 shrink-0 self-center rounded-lg border border-slate-200 bg-white sm:self-start"
            />
            <div className="flex min-w-0 flex-col gap-3">
              <p>
                <span className="font-semibold text-slate-900">1. </span>
                {t('step1')}
              </p>
              <p>
                <span className="font-semibold text-slate-900">2. </span>
                {t('step2')}
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <code data-testid="totp-secret" className="rounded-md bg-slate-100 px-2 py-1 font-mono text-sm break-all text-slate-900">
                  {enrolment.secretGroups}
                </code>
                <CopyButton value={enrolment.secret} label={t('copySecret')} />
              </div>
              <details className="text-xs text-slate-500">
                <summary className="cursor-pointer select-none">{t('showUri')}</summary>
                <div className="mt-2 flex items-start gap-2">
                  <code data-testid="totp-uri" className="min-w-0 flex-1 rounded-md bg-slate-100 px-2 py-1 font-mono break-all text-slate-700">
                    {enrolment.uri}
                  </code>
                  <CopyButton value={enrolment.uri} label={t('copyUri')} />
                </div>
              </details>
            </div>
          </li>
          <li>
            <form action={confirm} noValidate aria-label={t('confirmLabel')} className="flex flex-col gap-3">
              <p>
                <span className="font-semibold text-slate-900">3. </span>
                {t('step3')}
              </p>
              <FormMessage state={confirmState.status === 'error' && confirmState.formError ? confirmState : initialFormState} />
              <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                <Field
                  name="code"
                  id="totp-code"
                  label={t('code')}
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  placeholder="123456"
                  defaultValue={confirmState.values.code ?? ''}
                  error={confirmState.fieldErrors.code}
                  className="sm:w-56"
                />
                <SubmitButton pendingText={t('confirming')} className="sm:mt-7">
                  {t('confirm')}
                </SubmitButton>
              </div>
            </form>
          </li>
        </ol>
        <form action={start} className="border-t border-slate-100 pt-4">
          <SubmitButton variant="secondary" pendingText={t('starting')} className="px-2.5 py-1.5 text-xs">
            {t('restart')}
          </SubmitButton>
        </form>
      </div>
    );
  }

  return (
    <form action={start} className="flex flex-col gap-4" aria-label={t('start')}>
      <FormMessage state={disableState.status === 'success' ? disableState : startState} />
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="two-factor-status">
        <Badge tone="gray">{t('off')}</Badge>
      </p>
      {status.required && <Alert tone="amber">{t('required')}</Alert>}
      <p className="text-sm text-slate-600">{t('offText')}</p>
      <div>
        <SubmitButton pendingText={t('starting')}>{t('start')}</SubmitButton>
      </div>
    </form>
  );
}

/** The codes, once: copy all, download as a text file. */
function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const t = useTranslations('account.twoFactor');
  const format = useFormatter();
  const hydrated = useHydrated();
  const text = [t('fileHeader', { email }), t('fileNote', { date: format.dateTime(new Date(), { dateStyle: 'medium' }) }), '', ...codes, ''].join('\n');
  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'kontor-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <section aria-labelledby="recovery-codes-title" className="rounded-xl border border-amber-200 bg-amber-50/60 p-4 sm:p-5">
      <h3 id="recovery-codes-title" className="text-sm font-semibold text-slate-900">
        {t('codesTitle')}
      </h3>
      <p className="mt-1 text-sm text-slate-600">{t('codesText')}</p>
      <ol aria-label={t('codesLabel')} data-testid="recovery-codes" className="mt-4 grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-2">
        {codes.map((code) => (
          <li key={code} className="rounded-md bg-white px-2 py-1.5 text-center font-mono text-sm whitespace-nowrap text-slate-900 ring-1 ring-slate-200">
            {code}
          </li>
        ))}
      </ol>
      <div className="mt-4 flex flex-wrap gap-2">
        <CopyButton value={codes.join('\n')} label={t('copyCodes')} className="bg-white" />
        <button
          type="button"
          disabled={!hydrated}
          onClick={download}
          className="inline-flex shrink-0 items-center gap-1 rounded-md bg-white px-2 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:opacity-50"
        >
          {t('download')}
        </button>
      </div>
    </section>
  );
}
