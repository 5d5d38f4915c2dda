'use server';

import { cancelOutboundJob, retryOutboundJob } from '@kontor/core';
import { revalidatePath } from 'next/cache';
import { errorState } from '@/lib/actions.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';
import { getOutboundQueue } from './outbound-queue.ts';

async function superadminOnly(): Promise<FormState | null> {
  const { superadmin } = await requireActor();
  return superadmin ? null : { status: 'error', values: {}, fieldErrors: {}, formError: 'Only a superadmin can manage the queue.' };
}

/** Retry now, delete with a bounce to the sender, or delete silently. */
export async function queueAction(jobId: string, operation: 'retry' | 'bounce' | 'silent', _state: FormState, _form: FormData): Promise<FormState> {
  const refused = await superadminOnly();
  if (refused) return refused;
  try {
    if (operation === 'retry') await retryOutboundJob(getOutboundQueue(), jobId);
    else await cancelOutboundJob(getOutboundQueue(), jobId, operation);
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath('/queue');
  return { status: 'success', values: {}, fieldErrors: {} };
}
