'use server';

import { wakeOutboundJob } from '@kontor/core';
import { cancelOutboundRecipients, retryOutboundRecipients } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';
import { getOutboundQueue } from './outbound-queue.ts';

const OPERATIONS = ['retry', 'bounce', 'silent'] as const;

async function superadminOnly(): Promise<FormState | null> {
  const { superadmin } = await requireActor();
  return superadmin ? null : { status: 'error', values: {}, fieldErrors: {}, formError: (await getTranslations('queue'))('superadminOnly') };
}

/**
 * Retry now, delete with a bounce to the sender, or delete silently: a
 * conditional change of the recipients' state in PostgreSQL, audited in the
 * same transaction (packages/db/src/outbound-state.ts). Then the job is
 * woken; if Redis does not answer, it finds the change at its scheduled run.
 */
export async function queueAction(jobId: string, _state: FormState, form: FormData): Promise<FormState> {
  const refused = await superadminOnly();
  if (refused) return refused;
  // One form per message; the button pressed says which (a form per button bound three actions per row into the page).
  const operation = OPERATIONS.find((op) => op === form.get('op'));
  if (!operation) return { status: 'error', values: {}, fieldErrors: {}, formError: (await getTranslations('queue'))('unknownAction') };
  try {
    const { actor } = await requireActor();
    if (operation === 'retry') await retryOutboundRecipients(getDb(), actor, jobId);
    else await cancelOutboundRecipients(getDb(), actor, jobId, operation);
    await wakeOutboundJob(getOutboundQueue(), jobId).catch(() => {});
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath('/queue');
  return { status: 'success', values: {}, fieldErrors: {} };
}
