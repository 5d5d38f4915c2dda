'use client';

import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useHydrated } from './hydration.tsx';
import { buttonClass } from './ui.tsx';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
  const t = useTranslations('common');
  return (
    <button
      type="button"
      disabled={pending || !hydrated}
      className={buttonClass.secondary}
      onClick={async () => {
        setPending(true);
        // next-auth posts the sign-out with its CSRF token and clears the session cookie.
        await signOut({ redirect: false });
        window.location.assign('/signin');
      }}
    >
      {pending ? t('signingOut') : t('signOut')}
    </button>
  );
}
