'use server';

import { utcToZonedLocal } from '@kontor/core';
import { upsertAutoresponder } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getFormatter, getTranslations } from 'next-intl/server';
import { errorState, formValues } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

const FIELDS = ['enabled', 'subject', 'body', 'startsAt', 'endsAt', 'intervalDays'] as const;

/** The user's own vacation reply, through the admin page's data function and rules (upsertAutoresponder). */
export async function saveOwnAutoresponderAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const values = formValues(formData, FIELDS);
  values.enabled = formData.get('enabled') === 'on' ? 'on' : 'false';
  try {
    const saved = await upsertAutoresponder(getDb(), user.actor, user.actor.id, {
      enabled: values.enabled === 'on',
      subject: values.subject ?? '',
      body: values.body ?? '',
      startsAt: values.startsAt ?? '',
      endsAt: values.endsAt ?? '',
      intervalDays: values.intervalDays ?? '',
    });
    revalidatePath('/webmail/settings', 'layout');
    const [t, format] = await Promise.all([getTranslations('autoresponder'), getFormatter()]);
    const timeZone = saved.timeZone;
    const message =
      saved.state === 'active'
        ? t('savedActive')
        : saved.state === 'scheduled' && saved.startsAt
          ? t('savedScheduled', { start: format.dateTime(saved.startsAt, { dateStyle: 'medium', timeStyle: 'short', timeZone }) })
          : t('savedOff');
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
