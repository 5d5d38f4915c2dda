'use server';

import { requestSelftest } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

/** Starts a deliverability self-test (audited by requestSelftest); maild sends the probe. */
export async function runSelftestAction(domainId: number, _state: FormState, _form: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('selftest');
  try {
    await requestSelftest(getDb(), actor, domainId);
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath(`/domains/${domainId}/selftest`);
  return { status: 'success', values: {}, fieldErrors: {}, message: t('started') };
}
