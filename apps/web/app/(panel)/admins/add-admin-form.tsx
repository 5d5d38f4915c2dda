'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { createAdminAction } from './actions.ts';

export interface DomainChoice {
  id: number;
  name: string;
}

export function AddAdminForm({ domains, minLength }: { domains: DomainChoice[]; minLength: number }) {
  const t = useTranslations('admins.add');
  const tTable = useTranslations('admins.table');
  const [state, action] = useActionState(createAdminAction, initialFormState);
  const [role, setRole] = useState(state.values.role ?? 'DOMAIN_ADMIN');
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('formLabel')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="email" label={t('email')} type="email" autoComplete="off" placeholder="anna@example.com" defaultValue={v.email ?? ''} error={e.email} />
        <Field name="displayName" label={t('name')} placeholder={t('namePlaceholder')} defaultValue={v.displayName ?? ''} error={e.displayName} />
        <fieldset className="sm:col-span-2">
          <legend className="text-sm font-medium text-slate-700">{t('role')}</legend>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:gap-6">
            {[
              { value: 'DOMAIN_ADMIN', label: tTable('domainAdmin'), hint: t('domainAdminHint') },
              { value: 'SUPERADMIN', label: tTable('superadmin'), hint: t('superadminHint') },
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
            <legend className="text-sm font-medium text-slate-700">{t('domains')}</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {domains.length === 0 && <p className="text-sm text-slate-500">{t('noDomains')}</p>}
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
          label={t('password')}
          type="password"
          autoComplete="new-password"
          error={e.password}
          hint={t('passwordHint', { min: minLength })}
        />
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton pendingText={t('submitting')}>{t('submit')}</SubmitButton>
      </div>
    </form>
  );
}
