import 'server-only';
import { utcToZonedLocal } from '@kontor/core';
import { type Actor, upsertAutoresponder } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getFormatter, getTranslations } from 'next-intl/server';
import { errorState, formValues } from './actions.ts';
import { getDb } from './db.ts';
import type { FormState } from './form-state.ts';

const FIELDS = ['enabled', 'subject', 'body', 'startsAt', 'endsAt', 'intervalDays'] as const;

/**
 * The autoresponder form's save, for the admin's page and the user's own
 * settings alike: who may change which mailbox is upsertAutoresponder's
 * question. `revalidate` is the layout whose pages show the result.
 */
export async function saveAutoresponderForm(actor: Actor, mailboxId: number, formData: FormData, revalidate: string): Promise<FormState> {
  const values = formValues(formData, FIELDS);
  values.enabled = formData.get('enabled') === 'on' ? 'on' : 'false';
  try {
    const saved = await upsertAutoresponder(getDb(), actor, mailboxId, {
      enabled: values.enabled === 'on',
      subject: values.subject ?? '',
      body: values.body ?? '',
      startsAt: values.startsAt ?? '',
      endsAt: values.endsAt ?? '',
      intervalDays: values.intervalDays ?? '',
    });
    revalidatePath(revalidate, 'layout');
    const [t, format] = await Promise.all([getTranslations('autoresponder'), getFormatter()]);
    const timeZone = saved.timeZone;
    const message =
      saved.state === 'active'
        ? t('savedActive')
        : saved.state === 'scheduled' && saved.startsAt
          ? t('savedScheduled', { start: format.dateTime(saved.startsAt, { dateStyle: 'medium', timeStyle: 'short', timeZone }) })
          : t('savedOff');
    // What was saved, as the fields show it (dates in the domain's time zone).
    const shown = {
      ...values,
      subject: saved.subject,
      body: saved.body,
      startsAt: saved.startsAt ? utcToZonedLocal(saved.startsAt, timeZone) : '',
      endsAt: saved.endsAt ? utcToZonedLocal(saved.endsAt, timeZone) : '',
      intervalDays: String(saved.intervalDays),
    };
    return { status: 'success', values: shown, fieldErrors: {}, message };
  } catch (error) {
    return errorState(error, values, FIELDS);
  }
}
