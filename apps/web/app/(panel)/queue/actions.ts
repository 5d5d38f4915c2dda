'use server';

import { cancelOutboundJob, retryOutboundJob } from '@kontor/core';
import { auditQueueAction } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { errorState } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
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
    const { actor } = await requireActor();
    const target = operation === 'retry' ? await retryOutboundJob(getOutboundQueue(), jobId) : await cancelOutboundJob(getOutboundQueue(), jobId, operation);
    const action = operation === 'retry' ? 'queue.retry' : operation === 'bounce' ? 'queue.bounce' : 'queue.delete';
    await auditQueueAction(getDb(), actor, { action, jobId, ...target });
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath('/queue');
  return { status: 'success', values: {}, fieldErrors: {} };
}
