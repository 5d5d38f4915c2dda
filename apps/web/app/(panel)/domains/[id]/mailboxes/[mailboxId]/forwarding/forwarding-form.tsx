'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { CheckboxField, Field, FormMessage, SubmitButton } from '@/components/form.tsx';
import { type FormState, initialFormState } from '@/lib/form-state.ts';
import { saveForwardingAction } from './actions.ts';

export interface ForwardingSettings {
  enabled: boolean;
  forwardTo: string[];
  keepCopy: boolean;
}

/**
 * The switch, the addresses one per line and keep-a-copy; "Switch forwarding
 * off" is one click when it is on. Webmail's settings pass their own
 * `action` (the user's own mailbox, no mailboxId) and the domain's `hint`.
 */
export function ForwardingForm({
  mailboxId,
  current,
  maxAddresses,
  action: save = saveForwardingAction,
  hint,
}: {
  mailboxId?: number;
  current: ForwardingSettings;
  maxAddresses: number;
  action?: (prev: FormState, formData: FormData) => Promise<FormState>;
  hint?: string;
}) {
  const t = useTranslations('forwarding');
  const tc = useTranslations('common');
  const [state, action] = useActionState(save, initialFormState);
  const changed = state.status !== 'idle';
  const v = state.values;
  const e = state.fieldErrors;
  const enabled = changed ? v.enabled === 'on' : current.enabled;
  // After saving, the form shows what is stored; after an error, what was typed.
  const addresses = changed ? (v.forwardTo ?? '') : current.forwardTo.join('\n');
  const lines = addresses.split('\n').length;
  return (
    // The key remounts the fields with what was saved (defaultValue is read once).
    <form key={state.status === 'success' ? v.forwardTo : 'form'} action={action} noValidate aria-label={t('formLabel')} className="space-y-5">
      {mailboxId !== undefined && <input type="hidden" name="mailboxId" value={mailboxId} />}
      <FormMessage state={state} />
      <CheckboxField name="enabled" label={t('enabled')} description={t('enabledHint')} defaultChecked={enabled} error={e.enabled} />
      <Field
        name="forwardTo"
        label={t('forwardTo')}
        multiline
        rows={Math.min(8, Math.max(3, lines + 1))}
        defaultValue={addresses}
        placeholder={'kollegin@example.com\nname@example.net'}
        error={e.forwardTo}
        hint={hint ?? t('forwardToHint', { max: maxAddresses })}
      />
      <CheckboxField
        name="keepCopy"
        label={t('keepCopy')}
        description={t('keepCopyHint')}
        defaultChecked={changed ? v.keepCopy === 'on' : current.keepCopy}
        error={e.keepCopy}
      />
      {/* Save comes first in the DOM, so Enter saves; reversed, it still sits on the right. */}
      <div className="flex flex-row-reverse flex-wrap gap-2">
        <SubmitButton name="intent" value="save" pendingText={tc('saving')}>
          {t('save')}
        </SubmitButton>
        {current.enabled && (
          <SubmitButton name="intent" value="off" variant="secondary" pendingText={tc('saving')}>
            {t('switchOff')}
          </SubmitButton>
        )}
      </div>
    </form>
  );
}
