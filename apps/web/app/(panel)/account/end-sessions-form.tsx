'use client';

import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { endOtherSessionsAction } from './actions.ts';

export function EndSessionsForm({ others }: { others: number }) {
  const [state, action] = useActionState(endOtherSessionsAction, initialFormState);
  return (
    <form action={action} aria-label="Sign out everywhere else">
      <FormMessage state={state} />
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm text-slate-600">
          {others === 0 ? 'You are signed in only here.' : `Signed in on ${others} other ${others === 1 ? 'device or browser' : 'devices or browsers'}.`} Lost a
          laptop or used a shared computer? Sign out everywhere else.
        </p>
        <SubmitButton pendingText="Signing out…">Sign out everywhere else</SubmitButton>
      </div>
    </form>
  );
}
