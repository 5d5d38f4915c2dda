import 'server-only';
import { type Actor, setForwarding } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues } from './actions.ts';
import { getDb } from './db.ts';
import type { FormState } from './form-state.ts';

const FIELDS = ['enabled', 'forwardTo', 'keepCopy'] as const;

/**
 * The forwarding form's save (or switching it off: the "off" button, or the
 * switch unticked), for the admin's page and the user's own settings alike.
 * setForwarding decides who may change which mailbox and holds the domain's
 * rule for what users may forward to.
 */
export async function saveForwardingForm(actor: Actor, mailboxId: number, formData: FormData, revalidate: string): Promise<FormState> {
  const t = await getTranslations('forwarding');
  const values = formValues(formData, FIELDS);
  const enabled = formData.get('intent') !== 'off' && formData.get('enabled') === 'on';
  values.enabled = enabled ? 'on' : 'false';
  values.keepCopy = formData.get('keepCopy') === 'on' ? 'on' : 'false';
  try {
    const saved = await setForwarding(getDb(), actor, mailboxId, { enabled, forwardTo: values.forwardTo ?? '', keepCopy: values.keepCopy === 'on' });
    revalidatePath(revalidate, 'layout');
    return {
      status: 'success',
      // What is stored now, one address per line (normalised, duplicates gone).
      values: {
        enabled: saved.enabled ? 'on' : 'false',
        forwardTo: saved.forwardTo.map((f) => f.address).join('\n'),
        keepCopy: saved.keepCopy ? 'on' : 'false',
      },
      fieldErrors: {},
      message: saved.enabled ? t('savedOn', { address: saved.displayAddress }) : t('savedOff', { address: saved.displayAddress }),
    };
  } catch (error) {
    return errorState(error, values, FIELDS);
  }
}
