'use server';

import { parseId } from '@/lib/actions.ts';
import { saveAutoresponderForm } from '@/lib/autoresponder-form.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

/**
 * Saves a mailbox's autoresponder. The mailbox id comes with the form;
 * whether this admin may change that mailbox is the data function's
 * question (a foreign id answers "no such mailbox").
 */
export async function saveAutoresponderAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  return saveAutoresponderForm(actor, parseId(String(formData.get('mailboxId') ?? '')) ?? 0, formData, '/');
}
