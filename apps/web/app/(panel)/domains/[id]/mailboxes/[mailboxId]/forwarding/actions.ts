'use server';

import { parseId } from '@/lib/actions.ts';
import type { FormState } from '@/lib/form-state.ts';
import { saveForwardingForm } from '@/lib/forwarding-form.ts';
import { requireActor } from '@/lib/session.ts';

/**
 * Saves a mailbox's forwarding. The mailbox is named by the hidden
 * `mailboxId` field; setForwarding checks it against the admin's domains, so
 * a domain admin who edits it to another domain's mailbox gets "No mailbox …".
 */
export async function saveForwardingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  return saveForwardingForm(actor, parseId(String(formData.get('mailboxId') ?? '')) ?? 0, formData, '/');
}
