'use client';

import { useActionState, useState } from 'react';
import { CheckboxField, SubmitButton } from '@/components/form.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { type AdminRowAction, adminRowAction } from './actions.ts';
import type { DomainChoice } from './add-admin-form.tsx';

export interface AdminSummary {
  id: number;
  email: string;
  active: boolean;
  superadmin: boolean;
  domainIds: number[];
}

/** One administrator's actions: domains (domain admins), switch on/off, end sessions, remove. */
export function AdminRowActions({ admin, domains, self }: { admin: AdminSummary; domains: DomainChoice[]; self: boolean }) {
  const bind = (action: AdminRowAction) => adminRowAction.bind(null, admin.id, action);
  const [domainsState, saveDomains] = useActionState(bind('domains'), initialFormState);
  const [toggleState, toggle] = useActionState(bind(admin.active ? 'disable' : 'enable'), initialFormState);
  const [signOutState, signOut] = useActionState(bind('sign-out'), initialFormState);
  const [removeState, remove] = useActionState(bind('remove'), initialFormState);
  const [confirming, setConfirming] = useState(false);
  const outcome = [domainsState, toggleState, signOutState, removeState].find((s) => s.status !== 'idle');
  return (
    <div className="flex flex-col gap-3">
      {!admin.superadmin && (
        <form action={saveDomains} aria-label={`Domains of ${admin.email}`} className="flex flex-wrap items-center gap-x-4 gap-y-2">
          {domains.map((domain) => (
            <CheckboxField
              key={domain.id}
              name={`domain-${domain.id}`}
              id={`admin-${admin.id}-domain-${domain.id}`}
              label={domain.name}
              defaultChecked={admin.domainIds.includes(domain.id)}
            />
          ))}
          <SubmitButton variant="secondary" pendingText="Saving…" className="px-2 py-1 text-xs">
            Save domains
          </SubmitButton>
        </form>
      )}
      <fieldset className="flex flex-wrap gap-1" aria-label={`Actions for ${admin.email}`}>
        {!self && (
          <form action={toggle}>
            <SubmitButton variant="secondary" pendingText="…" className="px-2 py-1 text-xs">
              {admin.active ? 'Switch off' : 'Switch on'}
            </SubmitButton>
          </form>
        )}
        <form action={signOut}>
          <SubmitButton variant="secondary" pendingText="…" className="px-2 py-1 text-xs">
            Sign out everywhere
          </SubmitButton>
        </form>
        {!self && !confirming && (
          <button type="button" className={`${buttonClass.danger} px-2 py-1 text-xs`} onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
        {!self && confirming && (
          <form action={remove} className="flex flex-wrap items-center gap-1">
            <span className="text-xs text-slate-700">Remove {admin.email} for good?</span>
            <SubmitButton variant="danger" pendingText="…" className="px-2 py-1 text-xs">
              Yes, remove
            </SubmitButton>
            <button type="button" className={`${buttonClass.secondary} px-2 py-1 text-xs`} onClick={() => setConfirming(false)}>
              Keep
            </button>
          </form>
        )}
      </fieldset>
      {outcome && (
        <p role={outcome.formError ? 'alert' : 'status'} className={outcome.formError ? 'text-xs text-red-600' : 'text-xs text-green-700'}>
          {outcome.formError ?? outcome.message}
        </p>
      )}
    </div>
  );
}
