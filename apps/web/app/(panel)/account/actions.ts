'use server';

import { changeAdminPassword, endAdminSessions } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** Own password; every other session of the account ends with it. */
export async function changeOwnPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor, user } = await requireActor();
  const t = await getTranslations('account');
  const values = formValues(formData, PASSWORD_FIELDS);
  // Passwords are never sent back into the form.
  const kept = {};
  if ((values.newPassword ?? '') !== (values.confirmPassword ?? '')) {
    return { status: 'error', values: kept, fieldErrors: { confirmPassword: t('password.mismatch') } };
  }
  try {
    await changeAdminPassword(
      getDb(),
      actor,
      { adminId: user.id, currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' },
      { keepSessionId: user.sessionId },
    );
    revalidatePath('/account');
    return { status: 'success', values: kept, fieldErrors: {}, message: t('password.changed') };
  } catch (error) {
    return errorState(error, kept, PASSWORD_FIELDS);
  }
}

/** "Sign out everywhere else": this browser stays signed in. */
export async function endOtherSessionsAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const { actor, user } = await requireActor();
  const t = await getTranslations('account');
  try {
    const ended = await endAdminSessions(getDb(), actor, user.id, { except: user.sessionId });
    revalidatePath('/account');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('sessions.ended', { count: ended }) };
  } catch (error) {
    return errorState(error, {}, []);
  }
}
