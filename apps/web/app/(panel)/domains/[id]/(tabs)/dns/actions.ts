'use server';

import { activateDkimKey, rotateDkimKey } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';

/** Step 1 of a DKIM rotation (new key to publish) or step 2 (sign with it). */
export async function dkimRotationAction(domainId: number, step: 'rotate' | 'activate', _state: FormState, _form: FormData): Promise<FormState> {
  const { actor } = await requireActor();
  const t = await getTranslations('dns');
  let message: string;
  try {
    if (step === 'rotate') {
      const { key } = await rotateDkimKey(getDb(), actor, domainId);
      message = t('rotated', { selector: key.selector });
    } else {
      const result = await activateDkimKey(getDb(), actor, domainId);
      message = t('activated', { selector: result.selector, previous: result.previousSelector });
    }
  } catch (error) {
    return errorState(error, {}, []);
  }
  revalidatePath(`/domains/${domainId}/dns`);
  return { status: 'success', values: {}, fieldErrors: {}, message };
}
