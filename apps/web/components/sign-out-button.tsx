'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { useHydrated } from './hydration.tsx';
import { buttonClass } from './ui.tsx';

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();
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
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
