'use client';

import { useActionState, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createAdminAction } from './actions.ts';

export interface DomainChoice {
  id: number;
  name: string;
}

export function AddAdminForm({ domains, minLength }: { domains: DomainChoice[]; minLength: number }) {
  const [state, action] = useActionState(createAdminAction, initialFormState);
  const [role, setRole] = useState(state.values.role ?? 'DOMAIN_ADMIN');
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label="Add administrator">
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="email" label="Email address" type="email" autoComplete="off" placeholder="anna@example.com" defaultValue={v.email ?? ''} error={e.email} />
        <Field name="displayName" label="Name" placeholder="Optional" defaultValue={v.displayName ?? ''} error={e.displayName} />
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-medium text-slate-700">Role</legend>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
            {[
              { value: 'DOMAIN_ADMIN', label: 'Domain admin', hint: 'Manages mailboxes and aliases of the domains ticked below' },
              { value: 'SUPERADMIN', label: 'Superadmin', hint: 'Manages everything, including domains and administrators' },
            ].map((option) => (
              <label key={option.value} className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="role"
                  value={option.value}
                  checked={role === option.value}
                  onChange={() => setRole(option.value)}
                  className="mt-0.5 accent-indigo-600"
                />
                <span>
                  <span className="font-medium text-slate-700">{option.label}</span>
                  <span className="block text-slate-500">{option.hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {role === 'DOMAIN_ADMIN' && (
          <fieldset className="sm:col-span-2">
            <legend className="text-sm font-medium text-slate-700">Domains</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {domains.length === 0 && <p className="text-sm text-slate-500">No domains yet: add one first, or assign domains later.</p>}
              {domains.map((domain) => (
                <CheckboxField
                  key={domain.id}
                  name={`domain-${domain.id}`}
                  label={domain.name}
                  defaultChecked={(v.domains ?? '').split(',').includes(String(domain.id))}
                />
              ))}
            </div>
          </fieldset>
        )}
        <Field
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          error={e.password}
          hint={`At least ${minLength} characters. Tell it to them in person or by phone, not by email.`}
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText="Adding…">Add administrator</SubmitButton>
      </div>
    </form>
  );
}
