'use server';

import { saveAutoresponderForm } from '@/lib/autoresponder-form.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

/** The user's own vacation reply, with the admin page's save and rules. */
export async function saveOwnAutoresponderAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  return saveAutoresponderForm(user.actor, user.actor.id, formData, '/webmail/settings');
}
