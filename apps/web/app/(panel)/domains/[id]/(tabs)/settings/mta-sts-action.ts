'use server';

import { updateDomainMtaStsMode } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

/** The domain's MTA-STS mode (the policy served at mta-sts.<domain>). */
export async function updateMtaStsModeAction(domainId: number, _prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const values = formValues(formData, ['mtaStsMode']);
  try {
    const domain = await updateDomainMtaStsMode(getDb(), actor, parseId(domainId) ?? 0, values.mtaStsMode ?? '');
    revalidatePath(`/domains/${domain.id}`, 'layout');
    const t = await getTranslations('dnsCheck.mtaSts');
    return { status: 'success', values: { mtaStsMode: domain.mtaStsMode }, fieldErrors: {}, message: t('saved') };
  } catch (error) {
    return errorState(error, values, ['mtaStsMode']);
  }
}
