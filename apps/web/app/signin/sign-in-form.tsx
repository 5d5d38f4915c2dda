'use client';

import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { type FormEvent, useRef, useState } from 'react';
import { useHydrated } from '@/components/hydration.tsx';
import { Alert, buttonClass } from '@/components/ui.tsx';
import { retryMinutesOf, SIGN_IN_ERRORS } from '@/lib/sign-in-errors.ts';

const inputClass =
  'mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none';

/**
 * Signs in through next-auth's credentials provider (which handles the
 * CSRF token): email and password first; for an admin with 2FA on, the
 * server answers SecondFactorRequired and the form asks for the code,
 * sending the password again with it (kept in memory only, never in the
 * page). One message for a wrong email or password: it must not tell
 * whether the account exists.
 */
export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const t = useTranslations('signin');
  const [error, setError] = useState<string | undefined>(notice);
  const [pending, setPending] = useState(false);
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [email, setEmail] = useState('');
  const password = useRef('');
  const codeInput = useRef<HTMLInputElement>(null);
  const hydrated = useHydrated();

  function messageFor(result: Awaited<ReturnType<typeof signIn>>): string {
    const minutes = retryMinutesOf(result?.error);
    if (minutes !== null) return t('errors.tooMany', { minutes });
    if (result?.error === SIGN_IN_ERRORS.codeWrong) return t('errors.codeWrong');
    if (result?.status === 401 || result?.error === SIGN_IN_ERRORS.refused) return t('errors.refused');
    return t('errors.failed');
  }

  async function submit(credentials: { email: string; password: string; code?: string }) {
    setPending(true);
    setError(undefined);
    try {
      // callbackUrl given: by default next-auth answers with this page's own URL, and its ?error=SessionEnded would read as a failure.
      const result = await signIn('credentials', { redirect: false, callbackUrl, ...credentials });
      if (result?.ok && !result.error) {
        window.location.assign(callbackUrl);
        return;
      }
      if (result?.error === SIGN_IN_ERRORS.codeNeeded) {
        setStep('code');
      } else if (result?.error === SIGN_IN_ERRORS.codeWrong) {
        // Keep the step and what was typed, selected, so the next code simply replaces it.
        setError(messageFor(result));
        setTimeout(() => codeInput.current?.select(), 0);
      } else {
        // A wrong password (changed meanwhile) or a block: back to the start, the address kept.
        if (step === 'code' && retryMinutesOf(result?.error) === null) setStep('password');
        setError(messageFor(result));
      }
    } catch {
      setError(t('errors.unreachable'));
    }
    setPending(false);
  }

  function onPassword(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const typedEmail = String(form.get('email') ?? '');
    password.current = String(form.get('password') ?? '');
    setEmail(typedEmail);
    void submit({ email: typedEmail, password: password.current });
  }

  function onCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (!code) {
      setError(t('errors.codeMissing'));
      return;
    }
    void submit({ email, password: password.current, code });
  }

  if (step === 'code') {
    return (
      <form method="post" onSubmit={onCode} className="space-y-5" noValidate aria-label={t('code.title')}>
        <div>
          <h2 className="text-base font-semibold text-slate-900">{t('code.title')}</h2>
          <p className="mt-1 text-sm break-words text-slate-600">{t('code.intro', { email })}</p>
        </div>
        {error && <Alert tone="red">{error}</Alert>}
        <div>
          <label htmlFor="code" className="block text-sm font-medium text-slate-700">
            {t('code.label')}
          </label>
          <input
            ref={codeInput}
            id="code"
            name="code"
            type="text"
            inputMode="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            // biome-ignore lint/a11y/noAutofocus: the one field of this step, right after the password was accepted
            autoFocus
            aria-describedby="code-hint"
            className={`${inputClass} font-mono tracking-widest`}
          />
          <p id="code-hint" className="mt-1.5 text-xs text-slate-500">
            {t('code.hint')}
          </p>
        </div>
        <button type="submit" disabled={pending || !hydrated} className={`${buttonClass.primary} w-full`}>
          {pending ? t('code.submitting') : t('code.submit')}
        </button>
        <button
          type="button"
          className={`${buttonClass.link} w-full text-center text-sm`}
          onClick={() => {
            password.current = '';
            setError(undefined);
            setStep('password');
          }}
        >
          {t('code.back')}
        </button>
      </form>
    );
  }

  return (
    <form method="post" onSubmit={onPassword} className="space-y-5" noValidate>
      {error && <Alert tone="red">{error}</Alert>}
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          {t('email')}
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required defaultValue={email} className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          {t('password')}
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      <button type="submit" disabled={pending || !hydrated} className={`${buttonClass.primary} w-full`}>
        {pending ? t('submitting') : t('submit')}
      </button>
    </form>
  );
}
