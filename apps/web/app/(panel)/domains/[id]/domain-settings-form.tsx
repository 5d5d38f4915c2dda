'use client';

import { useTranslations } from 'next-intl';
import { type ReactNode, useActionState, useEffect, useState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { Alert, cx } from '@/components/ui.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { updateDomainAction } from '../actions.ts';
import { setCatchAllAction, updateDomainLocaleAction, updateUserForwardingAction } from './(tabs)/settings/actions.ts';

export interface DomainSettings {
  description: string;
  defaultQuota: string;
  maxMailboxes: string;
  active: boolean;
}

/** Superadmins edit every setting; domain admins the description (the data function enforces it too). */
export function DomainSettingsForm({ domainId, current, superadmin }: { domainId: number; current: DomainSettings; superadmin: boolean }) {
  const t = useTranslations('domainSettings.general');
  const [state, action] = useActionState(updateDomainAction.bind(null, domainId), initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  return (
    <form action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          name="description"
          label={t('description')}
          className="sm:col-span-2"
          defaultValue={changed ? (v.description ?? '') : current.description}
          error={e.description}
        />
        {superadmin && (
          <>
            <Field
              name="defaultQuota"
              label={t('defaultQuota')}
              defaultValue={changed ? (v.defaultQuota ?? '') : current.defaultQuota}
              error={e.defaultQuota}
              hint={t('defaultQuotaHint')}
            />
            <Field
              name="maxMailboxes"
              label={t('maxMailboxes')}
              inputMode="numeric"
              defaultValue={changed ? (v.maxMailboxes ?? '') : current.maxMailboxes}
              error={e.maxMailboxes}
              hint={t('maxMailboxesHint')}
            />
            <div className="sm:col-span-2">
              <CheckboxField
                name="active"
                label={t('active')}
                description={t('activeHint')}
                defaultChecked={changed ? v.active === 'on' : current.active}
                error={e.active}
              />
            </div>
          </>
        )}
      </div>
      {!superadmin && <p className="mt-4 text-sm text-slate-500">{t('superadminOnly')}</p>}
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}

const selectClass =
  'block w-full min-w-0 rounded-lg border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset focus:ring-2 focus:ring-inset focus:outline-none';

/** A labelled select whose error sits under it as `#ID-error`, like Field. */
function SelectField({
  name,
  label,
  hint,
  error,
  defaultValue,
  children,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  defaultValue: string;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={name}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : hint ? `${name}-hint` : undefined}
        className={cx('mt-1.5', selectClass, error ? 'ring-red-400 focus:ring-red-500' : 'ring-slate-300 focus:ring-indigo-600')}
      >
        {children}
      </select>
      {error ? (
        <p id={`${name}-error`} role="alert" className="mt-1.5 text-sm text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${name}-hint`} className="mt-1.5 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The language of mail Kontor writes for the domain, and the time zone its dates are in. */
export function DomainLocaleForm({
  domainId,
  current,
  languages,
  timeZones,
}: {
  domainId: number;
  current: { language: string; timeZone: string };
  languages: Array<{ value: string; label: string }>;
  timeZones: string[];
}) {
  const t = useTranslations('domainSettings.locale');
  const [state, action] = useActionState(updateDomainLocaleAction.bind(null, domainId), initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  const zone = changed ? (v.timeZone ?? '') : current.timeZone;
  // A zone saved before this platform's list knew it stays selectable.
  const zones = timeZones.includes(zone) || !zone ? timeZones : [zone, ...timeZones];
  return (
    <form action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="language"
          label={t('language')}
          hint={t('languageHint')}
          error={e.language}
          defaultValue={changed ? (v.language ?? '') : current.language}
        >
          {languages.map((language) => (
            <option key={language.value} value={language.value}>
              {language.label}
            </option>
          ))}
        </SelectField>
        <SelectField name="timeZone" label={t('timeZone')} hint={t('timeZoneHint')} error={e.timeZone} defaultValue={zone}>
          {zones.map((name) => (
            <option key={name} value={name}>
              {name.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}

/** What the domain's mailbox users may set as forwarding in webmail: any address, only this domain, or none. */
export function UserForwardingForm({ domainId, domainName, current }: { domainId: number; domainName: string; current: string }) {
  const t = useTranslations('domainSettings.userForwarding');
  const [state, action] = useActionState(updateUserForwardingAction.bind(null, domainId), initialFormState);
  const chosen = state.status === 'success' ? (state.values.userForwarding ?? current) : current;
  const options = [
    { value: 'any', label: t('any'), hint: t('anyHint') },
    { value: 'internal', label: t('internal', { domain: domainName }), hint: t('internalHint') },
    { value: 'off', label: t('off'), hint: t('offHint') },
  ];
  return (
    <form key={chosen} action={action} noValidate aria-label={t('form')}>
      <FormMessage state={state} />
      <fieldset className="grid gap-3" aria-describedby="userForwarding-existing">
        <legend className="sr-only">{t('form')}</legend>
        {options.map((option) => (
          <label key={option.value} className="flex items-start gap-3 text-sm">
            <input
              type="radio"
              name="userForwarding"
              value={option.value}
              defaultChecked={chosen === option.value}
              className="mt-0.5 size-4 border-slate-300 accent-indigo-600"
            />
            <span>
              <span className="font-medium text-slate-700">{option.label}</span>
              <span className="block text-slate-500">{option.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {state.fieldErrors.userForwarding && (
        <p role="alert" className="mt-2 text-sm text-red-600">
          {state.fieldErrors.userForwarding}
        </p>
      )}
      <p id="userForwarding-existing" className="mt-3 text-xs text-slate-500">
        {t('existing')}
      </p>
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}

/** Catch-all on (with its destinations) or off; the destinations stay for the next time. */
export function CatchAllForm({ domainId, current }: { domainId: number; current: { enabled: boolean; destinations: string } }) {
  const t = useTranslations('domainSettings.catchAll');
  const [state, action] = useActionState(setCatchAllAction.bind(null, domainId), initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  const [enabled, setEnabled] = useState(current.enabled);
  // After a save the fields are reset to what was saved.
  useEffect(() => {
    if (state.status !== 'idle') setEnabled(state.values.enabled === 'on');
  }, [state]);
  return (
    <form
      action={action}
      noValidate
      aria-label={t('form')}
      onChange={(event) => {
        const target: EventTarget = event.target;
        if (target instanceof HTMLInputElement && target.name === 'enabled') setEnabled(target.checked);
      }}
    >
      <FormMessage state={state} />
      <div className="grid gap-4">
        <CheckboxField
          id="catchAllEnabled"
          name="enabled"
          label={t('enabled')}
          description={t('enabledHint')}
          defaultChecked={changed ? v.enabled === 'on' : current.enabled}
          error={e.enabled}
        />
        <Field
          id="catchAllDestinations"
          name="destinations"
          label={t('destinations')}
          multiline
          rows={2}
          defaultValue={changed ? (v.destinations ?? '') : current.destinations}
          error={e.destinations}
          hint={t('destinationsHint')}
        />
        {enabled && <Alert tone="amber">{t('warning')}</Alert>}
      </div>
      <div className="mt-5 flex justify-end">
        <SubmitButton>{t('save')}</SubmitButton>
      </div>
    </form>
  );
}
