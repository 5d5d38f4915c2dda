'use client';

import { useActionState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { updateDomainAction } from '../actions.ts';

export interface DomainSettings {
  description: string;
  defaultQuota: string;
  maxMailboxes: string;
  active: boolean;
}

/** Superadmins edit every setting; domain admins the description (the data function enforces it too). */
export function DomainSettingsForm({ domainId, current, superadmin }: { domainId: number; current: DomainSettings; superadmin: boolean }) {
  const [state, action] = useActionState(updateDomainAction.bind(null, domainId), initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Domain settings">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="description"
          label="Description"
          className="sm:col-span-2"
          defaultValue={changed ? (v.description ?? '') : current.description}
          error={e.description}
        />
        {superadmin && (
          <>
            <Field
              name="defaultQuota"
              label="Default mailbox quota"
              defaultValue={changed ? (v.defaultQuota ?? '') : current.defaultQuota}
              error={e.defaultQuota}
              hint="Given to new mailboxes: 500M, 2G, or 0 for unlimited."
            />
            <Field
              name="maxMailboxes"
              label="Maximum mailboxes"
              inputMode="numeric"
              defaultValue={changed ? (v.maxMailboxes ?? '') : current.maxMailboxes}
              error={e.maxMailboxes}
              hint="0: no limit."
            />
            <div className="sm:col-span-2">
              <CheckboxField
                name="active"
                label="Active"
                description="A disabled domain receives no mail and its mailboxes cannot sign in."
                defaultChecked={changed ? v.active === 'on' : current.active}
                error={e.active}
              />
            </div>
          </>
        )}
      </div>
      {!superadmin && <p className="mt-4 text-sm text-slate-500">Quota, mailbox limit and status are set by a superadmin.</p>}
      <div className="mt-5 flex justify-end">
        <SubmitButton>Save settings</SubmitButton>
      </div>
    </form>
  );
}
