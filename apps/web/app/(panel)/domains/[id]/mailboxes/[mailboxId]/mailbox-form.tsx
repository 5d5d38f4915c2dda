'use client';

import { useActionState, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { useHydrated } from '@/components/hydration.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { deleteMailboxAction, updateMailboxAction } from './actions.ts';

export interface MailboxSettings {
  displayName: string;
  quota: string;
  active: boolean;
}

export function MailboxForm({ mailboxId, current }: { mailboxId: number; current: MailboxSettings }) {
  const [state, action] = useActionState(updateMailboxAction.bind(null, mailboxId), initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Mailbox settings">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="displayName" label="Display name" defaultValue={changed ? (v.displayName ?? '') : current.displayName} error={e.displayName} />
        <Field name="quota" label="Quota" defaultValue={changed ? (v.quota ?? '') : current.quota} error={e.quota} hint="500M, 2G, or 0 for unlimited." />
        <Field
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          defaultValue={v.password ?? ''}
          error={e.password}
          hint="Leave empty to keep the current password."
        />
        <div className="flex items-end pb-2">
          <CheckboxField
            name="active"
            label="Active"
            description="A disabled mailbox receives no mail and cannot sign in."
            defaultChecked={changed ? v.active === 'on' : current.active}
            error={e.active}
          />
        </div>
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton>Save changes</SubmitButton>
      </div>
    </form>
  );
}

export function DeleteMailboxForm({ mailboxId, domainId, address, messages }: { mailboxId: number; domainId: number; address: string; messages: number }) {
  const [state, action] = useActionState(deleteMailboxAction.bind(null, mailboxId, domainId), initialFormState);
  const [armed, setArmed] = useState(false);
  const hydrated = useHydrated();
  if (!armed) {
    return (
      <button type="button" className={buttonClass.danger} disabled={!hydrated} onClick={() => setArmed(true)}>
        Delete mailbox…
      </button>
    );
  }
  return (
    <form action={action} aria-label="Confirm mailbox deletion" className="rounded-lg border border-red-200 bg-red-50 p-4">
      <FormMessage state={state} />
      <h3 className="text-sm font-semibold text-red-800">Delete {address}?</h3>
      <p className="mt-1 text-sm text-red-800">
        Its folders and the {messages} message{messages === 1 ? '' : 's'} in them are deleted with it. This cannot be undone.
      </p>
      <div className="mt-4 flex flex-wrap gap-2">
        <SubmitButton variant="danger" pendingText="Deleting…">
          Delete mailbox
        </SubmitButton>
        <button type="button" className={buttonClass.secondary} onClick={() => setArmed(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
