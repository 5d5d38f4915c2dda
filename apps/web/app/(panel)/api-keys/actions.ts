'use server';

import { ValidationError } from '@kontor/core';
import { API_KEY_SCOPES, createApiKey, revokeApiKey } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const FIELDS = ['name', 'scope', 'senders', 'domainIds'] as const;

/** The form's answer; `key` is the whole new key, shown this once. */
export type CreateKeyState = FormState & { key?: string };

/** The ticked domain checkboxes (`domain-<id>`). */
function domainIdsOf(formData: FormData): number[] {
  return [...formData.keys()].filter((key) => key.startsWith('domain-')).flatMap((key) => parseId(key.slice('domain-'.length)) ?? []);
}

export async function createApiKeyAction(_prev: CreateKeyState, formData: FormData): Promise<CreateKeyState> {
  const { actor } = await requireActor();
  const values = formValues(formData, FIELDS);
  const domainIds = domainIdsOf(formData);
  const kept = { ...values, domains: domainIds.join(',') };
  try {
    const scope = API_KEY_SCOPES.find((s) => s === values.scope);
    // No choice made: the data function's own message (a radio group sends nothing).
    if (!scope) throw new ValidationError({ scope: 'Choose what the key may do' });
    const created = await createApiKey(getDb(), actor, {
      name: values.name ?? '',
      scope,
      domainIds: scope === 'domains' ? domainIds : [],
      senders: scope === 'send' ? (values.senders ?? '') : [],
    });
    revalidatePath('/api-keys');
    const t = await getTranslations('apiKeys.create');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('created', { name: created.name }), key: created.key };
  } catch (error) {
    // Errors about the ticked domains show beside the checkboxes.
    return errorState(error, kept, FIELDS);
  }
}

export async function revokeApiKeyAction(id: number, _prev: FormState, _form: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  try {
    await revokeApiKey(getDb(), actor, parseId(id) ?? 0);
    revalidatePath('/api-keys');
    const t = await getTranslations('apiKeys.revoke');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('done') };
  } catch (error) {
    return errorState(error, {}, []);
  }
}
