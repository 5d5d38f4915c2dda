'use server';

import { deleteMailbox, resetMailboxPassword, resetMailboxTwoFactor, revokeAppPassword, updateMailbox } from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';
import { closeImapSessionsOfMailbox } from '@/lib/webmail/imap-pool.ts';

// Every form names its mailbox in a hidden `mailboxId` field. The data
// functions check it against the admin's domains, so a domain admin who
// edits the field to another domain's mailbox gets "No mailbox …".

/** A generated password travels back in the action's answer only: it is never stored or logged in clear. */
export type PasswordFormState = FormState & { generatedPassword?: string };

function mailboxIdOf(formData: FormData): number {
  return parseId(String(formData.get('mailboxId') ?? '')) ?? 0;
}

const SETTINGS_FIELDS = ['displayName', 'quota', 'active', 'sendLimitPerHour', 'sendLimitPerDay'] as const;

export async function updateMailboxAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('mailbox.settings');
  const values = formValues(formData, SETTINGS_FIELDS);
  values.active = formData.get('active') === 'on' ? 'on' : 'false';
  try {
    const mailbox = await updateMailbox(getDb(), actor, mailboxIdOf(formData), {
      displayName: values.displayName ?? '',
      quota: values.quota?.trim() ?? '',
      active: values.active === 'on',
      sendLimitPerHour: values.sendLimitPerHour ?? '',
      sendLimitPerDay: values.sendLimitPerDay ?? '',
    });
    // A disabled mailbox's webmail stops now, not at its open tabs' next session check.
    if (!mailbox.active) closeImapSessionsOfMailbox(mailbox.id);
    revalidatePath('/', 'layout');
    return { status: 'success', values, fieldErrors: {}, message: t('saved', { address: mailbox.displayAddress }) };
  } catch (error) {
    return errorState(error, values, SETTINGS_FIELDS);
  }
}

export async function generatePasswordAction(_prev: PasswordFormState, formData: FormData): Promise<PasswordFormState> {
  const { actor } = await requireActor();
  try {
    const { mailbox, password } = await resetMailboxPassword(getDb(), actor, mailboxIdOf(formData));
    // The reset ended the mailbox's web sessions; their IMAP connections and live streams end with them.
    closeImapSessionsOfMailbox(mailbox.id);
    return { status: 'success', values: { address: mailbox.displayAddress }, fieldErrors: {}, generatedPassword: password };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

export async function setPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('mailbox.password');
  const password = String(formData.get('password') ?? '');
  try {
    const { mailbox } = await resetMailboxPassword(getDb(), actor, mailboxIdOf(formData), { password });
    closeImapSessionsOfMailbox(mailbox.id);
    // The password is not echoed back once it is saved.
    return { status: 'success', values: { password: '' }, fieldErrors: {}, message: t('setDone', { address: mailbox.displayAddress }) };
  } catch (error) {
    return errorState(error, { password }, ['password']);
  }
}

export async function revokeAppPasswordAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('mailbox.appPasswords');
  try {
    const { appPassword } = await revokeAppPassword(getDb(), actor, mailboxIdOf(formData), parseId(String(formData.get('appPasswordId') ?? '')) ?? 0);
    revalidatePath('/', 'layout');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('revoked', { name: appPassword.name }) };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

export async function resetTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('mailbox.twoFactor');
  try {
    const mailbox = await resetMailboxTwoFactor(getDb(), actor, mailboxIdOf(formData));
    closeImapSessionsOfMailbox(mailbox.id);
    revalidatePath('/', 'layout');
    return { status: 'success', values: {}, fieldErrors: {}, message: t('done', { address: mailbox.displayAddress }) };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

export async function deleteMailboxAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  let domainId: number;
  try {
    ({ domainId } = await deleteMailbox(getDb(), actor, mailboxIdOf(formData), { releaseBlobs: releaseBlobsOf }));
    closeImapSessionsOfMailbox(mailboxIdOf(formData));
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath('/', 'layout');
  redirect(`/domains/${domainId}`);
}
