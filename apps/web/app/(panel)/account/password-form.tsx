'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { changeOwnPasswordAction } from './actions.ts';

export function PasswordForm({ minLength }: { minLength: number }) {
  const [state, action] = useActionState(changeOwnPasswordAction, initialFormState);
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Change password">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={e.currentPassword} />
        <Field
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          error={e.newPassword}
          hint={`At least ${minLength} characters; a passphrase of a few words is best.`}
        />
        <Field name="confirmPassword" label="New password again" type="password" autoComplete="new-password" error={e.confirmPassword} />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText="Changing…">Change password</SubmitButton>
      </div>
    </form>
  );
}
