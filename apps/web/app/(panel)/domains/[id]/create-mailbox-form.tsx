'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createMailboxAction } from './actions.ts';

export function CreateMailboxForm({ domainId, domainName, defaultQuota }: { domainId: number; domainName: string; defaultQuota: string }) {
  const [state, action] = useActionState(createMailboxAction.bind(null, domainId), initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Add mailbox">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="localPart"
          label="Address"
          placeholder="info"
          autoComplete="off"
          suffix={`@${domainName}`}
          defaultValue={v.localPart ?? ''}
          error={e.localPart}
        />
        <Field name="displayName" label="Display name" placeholder="Info desk" autoComplete="off" defaultValue={v.displayName ?? ''} error={e.displayName} />
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          defaultValue={v.password ?? ''}
          error={e.password}
          hint="At least 10 characters; a phrase of a few words is best."
        />
        <Field name="quota" label="Quota" defaultValue={v.quota ?? defaultQuota} error={e.quota} hint="500M, 2G, or 0 for unlimited." />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText="Creating…">Create mailbox</SubmitButton>
      </div>
    </form>
  );
}
