'use server';

import { createDomain, deleteDomain, type UpdateDomainInput, updateDomain } from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, optional, parseId } from '@/lib/actions.ts';
import { translateCoreMessage } from '@/lib/core-messages.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requestLocale } from '@/lib/locale.ts';
import { requireActor } from '@/lib/session.ts';

const CREATE_FIELDS = ['name', 'description', 'defaultQuota', 'maxMailboxes'] as const;

export async function createDomainAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, CREATE_FIELDS);
  try {
    const domain = await createDomain(getDb(), actor, {
      name: values.name ?? '',
      description: values.description?.trim() ?? '',
      defaultQuota: optional(values, 'defaultQuota'),
      maxMailboxes: optional(values, 'maxMailboxes'),
    });
    revalidatePath('/', 'layout');
    const t = await getTranslations('domains.add');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('added', { name: domain.unicodeName }) };
  } catch (error) {
    return errorState(error, values, CREATE_FIELDS);
  }
}

const UPDATE_FIELDS = ['description', 'defaultQuota', 'maxMailboxes', 'active'] as const;

/** Superadmins change every setting; a domain admin's form has the description only. */
export async function updateDomainAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor, superadmin } = await requireActor();
  const values = formValues(formData, UPDATE_FIELDS);
  values.active = formData.get('active') === 'on' ? 'on' : 'false';
  const input: UpdateDomainInput = { description: values.description?.trim() ?? '' };
  if (superadmin) {
    input.defaultQuota = values.defaultQuota?.trim() ?? '';
    input.maxMailboxes = values.maxMailboxes?.trim() || '0';
    input.active = formData.get('active') === 'on';
  }
  try {
    await updateDomain(getDb(), actor, parseId(domainId) ?? 0, input);
    revalidatePath('/', 'layout');
    const t = await getTranslations('domains');
    return { status: 'success', values, fieldErrors: {}, message: t('settingsSaved') };
  } catch (error) {
    return errorState(error, values, UPDATE_FIELDS);
  }
}

/**
 * First without `confirm`: a domain that still holds mailboxes or aliases
 * answers with what would go, which the form shows; the second submission
 * carries confirm=yes and removes it all.
 */
export async function deleteDomainAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const id = parseId(domainId);
  if (!id) return { status: 'error', values: {}, fieldErrors: {}, formError: (await getTranslations('domains'))('noSuchDomain') };
  try {
    await deleteDomain(getDb(), actor, id, { confirm: formData.get('confirm') === 'yes', releaseBlobs: releaseBlobsOf });
  } catch (error) {
    const state = await errorState(error, {}, []);
    // What would go with the domain is written by the core in English, like its error messages.
    const locale = await requestLocale();
    return { ...state, consequences: state.consequences?.map((line) => translateCoreMessage(line, locale)) };
  }
  revalidatePath('/', 'layout');
  redirect('/domains?deleted=1');
}
