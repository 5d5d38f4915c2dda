'use server';

import { utcToZonedLocal } from '@kontor/core';
import { upsertAutoresponder } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getFormatter, getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const FIELDS = ['enabled', 'subject', 'body', 'startsAt', 'endsAt', 'intervalDays'] as const;

/**
 * Saves a mailbox's autoresponder. The mailbox id comes with the form;
 * whether this admin may change that mailbox is the data function's
 * question (a foreign id answers "no such mailbox").
 */
export async function saveAutoresponderAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, FIELDS);
  values.enabled = formData.get('enabled') === 'on' ? 'on' : 'false';
  const mailboxId = parseId(String(formData.get('mailboxId') ?? '')) ?? 0;
  try {
    const saved = await upsertAutoresponder(getDb(), actor, mailboxId, {
      enabled: values.enabled === 'on',
      subject: values.subject ?? '',
      body: values.body ?? '',
      startsAt: values.startsAt ?? '',
      endsAt: values.endsAt ?? '',
      intervalDays: values.intervalDays ?? '',
    });
    revalidatePath('/', 'layout');
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
