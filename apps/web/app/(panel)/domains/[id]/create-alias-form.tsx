'use client';

import { useActionState } from 'react';
import { Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createAliasAction } from './actions.ts';

export function CreateAliasForm({ domainId, domainName }: { domainId: number; domainName: string }) {
  const [state, action] = useActionState(createAliasAction.bind(null, domainId), initialFormState);
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Add alias">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="localPart"
          label="Address"
          placeholder="sales"
          autoComplete="off"
          suffix={`@${domainName}`}
          defaultValue={v.localPart ?? ''}
          error={e.localPart}
          hint="Or * for a catch-all: mail to any address that has no mailbox or alias."
        />
        <Field
          name="destinations"
          label="Deliver to"
          multiline
          rows={4}
          placeholder={`info@${domainName}\npartner@example.org`}
          defaultValue={v.destinations ?? ''}
          error={e.destinations}
          hint="One address per line. Addresses outside this server are forwarded."
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText="Creating…">Create alias</SubmitButton>
      </div>
    </form>
  );
}
