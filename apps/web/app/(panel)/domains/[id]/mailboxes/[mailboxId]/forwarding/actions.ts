'use server';

import { setForwarding } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const FIELDS = ['enabled', 'forwardTo', 'keepCopy'] as const;

/**
 * Saves a mailbox's forwarding, or switches it off (the "off" button, or
 * the switch unticked). The mailbox is named by the hidden `mailboxId`
 * field; setForwarding checks it against the admin's domains, so a domain
 * admin who edits it to another domain's mailbox gets "No mailbox …".
 */
export async function saveForwardingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('forwarding');
  const values = formValues(formData, FIELDS);
  const enabled = formData.get('intent') !== 'off' && formData.get('enabled') === 'on';
  values.enabled = enabled ? 'on' : 'false';
  values.keepCopy = formData.get('keepCopy') === 'on' ? 'on' : 'false';
  try {
    const saved = await setForwarding(getDb(), actor, parseId(String(formData.get('mailboxId') ?? '')) ?? 0, {
      enabled,
      forwardTo: values.forwardTo ?? '',
      keepCopy: values.keepCopy === 'on',
    });
    revalidatePath('/', 'layout');
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
