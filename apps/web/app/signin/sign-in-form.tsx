'use client';

import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { useHydrated } from '@/components/hydration.tsx';
import { Alert, buttonClass } from '@/components/ui.tsx';

/**
 * Signs in through next-auth's credentials provider (which handles the
 * CSRF token). One message for every failure: it must not tell whether
 * the account exists.
 */
export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const [error, setError] = useState<string | undefined>(notice);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const result = await signIn('credentials', {
        redirect: false,
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      });
      if (result?.ok && !result.error) {
        window.location.assign(callbackUrl);
        return;
      }
      setError(
        result?.error?.startsWith('Too many failed sign-ins')
          ? result.error
          : result?.status === 401 || result?.error === 'CredentialsSignin'
            ? 'The email address or password is not correct.'
            : 'Signing in did not work. Please try again.',
      );
    } catch {
      setError('The server could not be reached. Please try again.');
    }
    setPending(false);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {error && <Alert tone="red">{error}</Alert>}
      <div>
        <label htmlFor="email" className="block text-sm font-medium text-slate-700">
          Email address
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
        />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-medium text-slate-700">
          Password
        </label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1.5 block w-full rounded-lg border-0 px-3 py-2 text-sm shadow-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none"
        />
      </div>
      <button type="submit" disabled={pending || !hydrated} className={`${buttonClass.primary} w-full`}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
