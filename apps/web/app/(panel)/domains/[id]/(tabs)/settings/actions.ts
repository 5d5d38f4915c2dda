'use server';

import { setCatchAll, updateDomainLocale, updateDomainUserForwarding } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const LOCALE_FIELDS = ['language', 'timeZone'] as const;

/** The domain's language (of the mail Kontor writes for it) and its time zone. */
export async function updateDomainLocaleAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, LOCALE_FIELDS);
  try {
    const domain = await updateDomainLocale(getDb(), actor, parseId(domainId) ?? 0, { language: values.language ?? '', timeZone: values.timeZone ?? '' });
    revalidatePath('/', 'layout');
    const t = await getTranslations('domainSettings.locale');
    return { status: 'success', values: { language: domain.language, timeZone: domain.timeZone }, fieldErrors: {}, message: t('saved') };
  } catch (error) {
    return errorState(error, values, LOCALE_FIELDS);
  }
}

/** What the domain's mailbox users may forward to themselves (webmail's settings). */
export async function updateUserForwardingAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, ['userForwarding']);
  try {
    const { domain, mailboxesBeyond } = await updateDomainUserForwarding(getDb(), actor, parseId(domainId) ?? 0, values.userForwarding ?? '');
    revalidatePath('/', 'layout');
    const t = await getTranslations('domainSettings.userForwarding');
    return {
      status: 'success',
      values: { userForwarding: domain.userForwarding },
      fieldErrors: {},
      message: mailboxesBeyond ? t('savedBeyond', { count: mailboxesBeyond }) : t('saved'),
    };
  } catch (error) {
    return errorState(error, values, ['userForwarding']);
  }
}

const CATCH_ALL_FIELDS = ['enabled', 'destinations'] as const;

/** The catch-all toggle: on with its destinations, or off (kept for next time). */
export async function setCatchAllAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, CATCH_ALL_FIELDS);
  values.enabled = formData.get('enabled') === 'on' ? 'on' : 'false';
  try {
    const alias = await setCatchAll(getDb(), actor, parseId(domainId) ?? 0, { enabled: values.enabled === 'on', destinations: values.destinations ?? '' });
    revalidatePath('/', 'layout');
    const t = await getTranslations('domainSettings.catchAll');
    const on = Boolean(alias?.active);
    return {
      status: 'success',
      values: { enabled: on ? 'on' : 'false', destinations: alias ? alias.destinations.join('\n') : (values.destinations ?? '') },
      fieldErrors: {},
      message: on && alias ? t('savedOn', { destinations: alias.destinations.join(', ') }) : t('savedOff'),
    };
  } catch (error) {
    return errorState(error, values, CATCH_ALL_FIELDS);
  }
}
