'use server';

import type { FormState } from '@/lib/form-state.ts';
import { saveForwardingForm } from '@/lib/forwarding-form.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

/** The user's own forwarding, with the admin page's save and the domain's rule. */
export async function saveOwnForwardingAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  return saveForwardingForm(user.actor, user.actor.id, formData, '/webmail/settings');
}
