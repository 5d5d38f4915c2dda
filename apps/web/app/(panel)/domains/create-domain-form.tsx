'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createDomainAction } from './actions.ts';

export function CreateDomainForm() {
  const [state, action] = useActionState(createDomainAction, initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Add domain">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="name"
          label="Domain name"
          placeholder="example.com"
          autoComplete="off"
          defaultValue={v.name ?? ''}
          error={e.name}
          hint="Unicode names such as bücher.example work too."
        />
        <Field name="description" label="Description" placeholder="Optional" defaultValue={v.description ?? ''} error={e.description} />
        <Field
          name="defaultQuota"
          label="Default mailbox quota"
          placeholder="1G"
          defaultValue={v.defaultQuota ?? ''}
          error={e.defaultQuota}
          hint="For new mailboxes: 500M, 2G, or 0 for unlimited. Empty: 1 GB."
        />
        <Field
          name="maxMailboxes"
          label="Maximum mailboxes"
          placeholder="0"
          inputMode="numeric"
          defaultValue={v.maxMailboxes ?? ''}
          error={e.maxMailboxes}
          hint="0 or empty: no limit."
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText="Adding…">Add domain</SubmitButton>
      </div>
    </form>
  );
}
