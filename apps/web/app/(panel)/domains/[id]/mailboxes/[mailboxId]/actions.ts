'use server';

import { deleteMailbox, updateMailbox } from '@kontor/db';
import { releaseBlobsOf } from '@kontor/mailstore';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

const FIELDS = ['displayName', 'password', 'quota', 'active'] as const;

export async function updateMailboxAction(mailboxId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, FIELDS);
  values.active = formData.get('active') === 'on' ? 'on' : 'false';
  try {
    const mailbox = await updateMailbox(getDb(), actor, parseId(mailboxId) ?? 0, {
      displayName: values.displayName ?? '',
      // Empty: the password stays as it is.
      password: values.password || undefined,
      quota: values.quota?.trim() ?? '',
      active: formData.get('active') === 'on',
    });
    revalidatePath('/', 'layout');
    // The new password is not echoed back once it is saved.
    return {
      status: 'success',
      values: { ...values, password: '' },
      fieldErrors: {},
      message: `${mailbox.displayAddress} was saved${values.password ? ', with its new password' : ''}.`,
    };
  } catch (error) {
    return errorState(error, values, FIELDS);
  }
}

export async function deleteMailboxAction(mailboxId: number, domainId: number, _prev: FormState, _formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  try {
    await deleteMailbox(getDb(), actor, parseId(mailboxId) ?? 0, { releaseBlobs: releaseBlobsOf });
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath('/', 'layout');
  redirect(`/domains/${parseId(domainId) ?? ''}`);
}
