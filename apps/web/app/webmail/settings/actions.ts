'use server';

import { changeOwnMailboxPassword, createOwnAppPassword, endOwnMailboxSessions, revokeAppPassword } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { TooManyPasswordGuessesError, tooManyState, withPasswordGuard } from '@/lib/webmail/settings/password-guard.ts';

// Every action acts on the signed-in user's own mailbox (user.actor): no mailbox id is read from the form.

const PASSWORD_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

function refresh() {
  revalidatePath('/webmail/settings', 'layout');
}

/** The own password, with the current one; other webmail sessions end, this one stays. */
export async function changePasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const t = await getTranslations('webmailSettings.password');
  const values = formValues(formData, PASSWORD_FIELDS);
  // Passwords are never sent back into the form.
  const kept = {};
  if ((values.newPassword ?? '') !== (values.confirmPassword ?? '')) {
    return { status: 'error', values: kept, fieldErrors: { confirmPassword: t('mismatch') } };
  }
  try {
    const { sessionsEnded } = await withPasswordGuard(user, 'currentPassword', () =>
      changeOwnMailboxPassword(
        getDb(),
        user.actor,
        user.actor.id,
        { currentPassword: values.currentPassword ?? '', newPassword: values.newPassword ?? '' },
        { keepSessionId: user.sessionId },
      ),
    );
    refresh();
    return { status: 'success', values: kept, fieldErrors: {}, message: t('changed', { count: sessionsEnded }) };
  } catch (error) {
    if (error instanceof TooManyPasswordGuessesError) return tooManyState(error);
    return errorState(error, kept, PASSWORD_FIELDS);
  }
}

/** A form state that carries a new app password, shown once. */
export interface AppPasswordFormState extends FormState {
  created?: { name: string; password: string };
}

export async function createAppPasswordAction(_prev: AppPasswordFormState, formData: FormData): Promise<AppPasswordFormState> {
  const user = await requireMailUser();
  const values = formValues(formData, ['name']);
  try {
    const { appPassword, password } = await createOwnAppPassword(getDb(), user.actor, user.actor.id, { name: values.name ?? '' });
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, created: { name: appPassword.name, password } };
  } catch (error) {
    return errorState(error, values, ['name']);
  }
}

export async function revokeAppPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const t = await getTranslations('webmailSettings.appPasswords');
  try {
    // The id is looked up inside the user's own mailbox only (revokeAppPassword).
    const { appPassword } = await revokeAppPassword(getDb(), user.actor, user.actor.id, parseId(String(formData.get('appPasswordId') ?? '')) ?? 0);
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('revoked', { name: appPassword.name }) };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

/** Signs out one other browser (`sessionId`), or with none given every other one; this browser stays. */
export async function endSessionsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const t = await getTranslations('webmailSettings.sessions');
  const only = String(formData.get('sessionId') ?? '') || undefined;
  try {
    const ended = await endOwnMailboxSessions(getDb(), user.actor, user.actor.id, { only, except: user.sessionId });
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('ended', { count: ended }) };
  } catch (error) {
    return errorState(error, {}, []);
  }
}
