'use server';

import { createAlias, createMailbox, deleteAlias, updateAlias } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, optional, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const MAILBOX_FIELDS = ['localPart', 'displayName', 'password', 'quota'] as const;

export async function createMailboxAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, MAILBOX_FIELDS);
  try {
    const mailbox = await createMailbox(getDb(), actor, {
      domainId: parseId(domainId) ?? 0,
      localPart: values.localPart ?? '',
      displayName: values.displayName ?? '',
      password: values.password ?? '',
      quota: optional(values, 'quota'),
    });
    revalidatePath('/', 'layout');
    const t = await getTranslations('mailboxes.add');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('created', { address: mailbox.displayAddress }) };
  } catch (error) {
    return errorState(error, values, MAILBOX_FIELDS);
  }
}

const ALIAS_FIELDS = ['localPart', 'destinations'] as const;

export async function createAliasAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, ALIAS_FIELDS);
  try {
    const alias = await createAlias(getDb(), actor, {
      domainId: parseId(domainId) ?? 0,
      localPart: values.localPart ?? '',
      destinations: values.destinations ?? '',
    });
    revalidatePath('/', 'layout');
    const t = await getTranslations('aliases.add');
    return {
      status: 'success',
      values: {},
      fieldErrors: {},
      message: alias.catchAll ? t('catchAllCreated', { domain: alias.displayAddress.slice(2) }) : t('created', { address: alias.displayAddress }),
    };
  } catch (error) {
    return errorState(error, values, ALIAS_FIELDS);
  }
}

export async function deleteAliasAction(aliasId: number, _prev: FormState, _formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  try {
    await deleteAlias(getDb(), actor, parseId(aliasId) ?? 0);
    revalidatePath('/', 'layout');
    return { status: 'success', values: {}, fieldErrors: {} };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

const EDIT_ALIAS_FIELDS = ['destinations', 'active'] as const;

/** New destinations (one per line or comma-separated) and on/off for an existing alias. */
export async function updateAliasAction(aliasId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, EDIT_ALIAS_FIELDS);
  values.active = formData.get('active') === 'on' ? 'on' : 'false';
  try {
    const alias = await updateAlias(getDb(), actor, parseId(aliasId) ?? 0, {
      destinations: values.destinations ?? '',
      active: values.active === 'on',
    });
    revalidatePath('/', 'layout');
    const t = await getTranslations('aliases.edit');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('saved', { address: alias.displayAddress }) };
  } catch (error) {
    return errorState(error, values, EDIT_ALIAS_FIELDS);
  }
}
