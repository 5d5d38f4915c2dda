'use client';

import { useTranslations } from 'next-intl';
import { useActionState, useState } from 'react';
import { CopyButton } from '@/components/copy-button.tsx';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { Alert } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { type CreateKeyState, createApiKeyAction } from './actions.ts';

export interface DomainChoice {
  id: number;
  name: string;
}

const SCOPES = ['domains', 'send', 'superadmin'] as const;

/** Name, scope and its domains or senders; after success the whole key once, with a copy button. */
export function CreateKeyForm({ domains, superadmin }: { domains: DomainChoice[]; superadmin: boolean }) {
  const t = useTranslations('apiKeys');
  const [state, action] = useActionState<CreateKeyState, FormData>(createApiKeyAction, initialFormState);
  // React resets a form after its action: the fields start again from what the action answered.
  const version = `${state.status}${state.key ?? ''}${JSON.stringify(state.values)}${JSON.stringify(state.fieldErrors)}`;
  return (
    <div>
      {state.status === 'success' && state.key && (
        <div className="mb-5 space-y-3" data-testid="new-key">
          <Alert tone="green">{state.message}</Alert>
          <Alert tone="amber">{t('create.copyNow')}</Alert>
          <div>
            <label htmlFor="new-api-key" className="block text-sm font-medium text-slate-700">
              {t('create.keyLabel')}
            </label>
            <div className="mt-1.5 flex min-w-0 items-center gap-2 rounded-lg border border-slate-200 bg-slate-50 p-2">
              {/* A text area, so a phone shows the whole key on two lines. */}
              <textarea
                id="new-api-key"
                readOnly
                rows={1}
                value={state.key}
                spellCheck={false}
                className="block min-w-0 flex-1 resize-none border-0 bg-transparent font-mono text-sm break-all text-slate-900 field-sizing-content focus:outline-none"
              />
              <CopyButton value={state.key} label={t('create.keyLabel')} />
            </div>
          </div>
          <p className="text-xs text-slate-500">{t('create.usage')}</p>
        </div>
      )}
      <form action={action} noValidate aria-label={t('create.formLabel')}>
        <FormMessage state={state.status === 'success' ? initialFormState : state} />
        <KeyFields key={version} state={state} domains={domains} superadmin={superadmin} />
        <div className="mt-5 flex justify-end">
          <SubmitButton pendingText={t('create.submitting')}>{t('create.submit')}</SubmitButton>
        </div>
      </form>
    </div>
  );
}

function KeyFields({ state, domains, superadmin }: { state: CreateKeyState; domains: DomainChoice[]; superadmin: boolean }) {
  const t = useTranslations('apiKeys');
  const v = state.values;
  const e = state.fieldErrors;
  const [scope, setScope] = useState(v.scope ?? 'domains');
  const ticked = (v.domains ?? '').split(',');
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        name="name"
        label={t('create.name')}
        placeholder={t('create.namePlaceholder')}
        hint={t('create.nameHint')}
        defaultValue={v.name ?? ''}
        error={e.name}
      />
      <fieldset className="sm:col-span-2" aria-describedby={e.scope ? 'scope-error' : undefined}>
        <legend className="text-sm font-medium text-slate-700">{t('create.scope')}</legend>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          {SCOPES.filter((s) => s !== 'superadmin' || superadmin).map((option) => (
            <label key={option} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name="scope"
                value={option}
                defaultChecked={scope === option}
                onChange={() => setScope(option)}
                className="mt-0.5 accent-indigo-600"
              />
              <span>
                <span className="font-medium text-slate-700">{t(`scopes.${option}`)}</span>
                <span className="block text-slate-500">{t(`scopeHints.${option}`)}</span>
              </span>
            </label>
          ))}
        </div>
        {e.scope && (
          <p id="scope-error" role="alert" className="mt-1.5 text-sm text-red-600">
            {e.scope}
          </p>
        )}
      </fieldset>
      {scope === 'domains' && (
        <fieldset className="sm:col-span-2" aria-describedby={e.domainIds ? 'domainIds-error' : undefined}>
          <legend className="text-sm font-medium text-slate-700">{t('create.domains')}</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {domains.length === 0 && <p className="text-sm text-slate-500">{t('create.noDomains')}</p>}
            {domains.map((domain) => (
              <CheckboxField
                key={domain.id}
                name={`domain-${domain.id}`}
                id={`key-domain-${domain.id}`}
                label={domain.name}
                defaultChecked={ticked.includes(String(domain.id))}
              />
            ))}
          </div>
          {e.domainIds && (
            <p id="domainIds-error" role="alert" className="mt-1.5 text-sm text-red-600">
              {e.domainIds}
            </p>
          )}
        </fieldset>
      )}
      {scope === 'send' && (
        <Field
          name="senders"
          label={t('create.senders')}
          multiline
          rows={3}
          placeholder={domains[0] ? `shop@${domains[0].name}\n@${domains[0].name}` : 'shop@example.com'}
          hint={t('create.sendersHint')}
          defaultValue={v.senders ?? ''}
          error={e.senders}
          className="sm:col-span-2"
        />
      )}
    </div>
  );
}
