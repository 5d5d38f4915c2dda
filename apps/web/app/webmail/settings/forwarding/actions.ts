'use server';

import { setForwarding } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

const FIELDS = ['enabled', 'forwardTo', 'keepCopy'] as const;

/**
 * The user's own forwarding, or switching it off, through the admin page's
 * data function (setForwarding), which also holds the domain's rule for
 * what users may forward to.
 */
export async function saveOwnForwardingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const t = await getTranslations('forwarding');
  const values = formValues(formData, FIELDS);
  const enabled = formData.get('intent') !== 'off' && formData.get('enabled') === 'on';
  values.enabled = enabled ? 'on' : 'false';
  values.keepCopy = formData.get('keepCopy') === 'on' ? 'on' : 'false';
  try {
    const saved = await setForwarding(getDb(), user.actor, user.actor.id, { enabled, forwardTo: values.forwardTo ?? '', keepCopy: values.keepCopy === 'on' });
    revalidatePath('/webmail/settings', 'layout');
    return {
      status: 'success',
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
