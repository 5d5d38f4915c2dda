'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormMessage, SubmitButton } from '@/components/form.tsx';
import { initialFormState } from '@/lib/form-state.ts';
import { saveOwnForwardingAction } from './actions.ts';

/** Where the domain allows no forwarding: only switching an earlier one off. */
export function SwitchOffForwardingForm() {
  const t = useTranslations('forwarding');
  const ts = useTranslations('webmailSettings.forwarding');
  const [state, action] = useActionState(saveOwnForwardingAction, initialFormState);
  return (
    <form action={action} aria-label={ts('switchOffLabel')}>
      <FormMessage state={state} />
      <input type="hidden" name="intent" value="off" />
      <SubmitButton variant="secondary">{t('switchOff')}</SubmitButton>
    </form>
  );
}
