'use server';

import { wakeCertificateJob } from '@kontor/core';
import { requestRenewal } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, parseId } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireActor } from '@/lib/session.ts';
import { getCertificateQueue } from './certificate-queue.ts';

/**
 * "Renew now": marks the name set for renewal, audited
 * (packages/db/src/tls-certificates.ts), then wakes the certificate job in
 * maild; if Redis does not answer, the scheduled check finds the mark.
 */
export async function renewCertificate(id: number, _state: FormState, _form: FormData): Promise<FormState> {
  const t = await getTranslations('certificates');
  const { actor, superadmin } = await requireActor();
  if (!superadmin) return { status: 'error', values: {}, fieldErrors: {}, formError: t('superadminOnly') };
  const certificateId = parseId(id);
  if (certificateId === null) return { status: 'error', values: {}, fieldErrors: {}, formError: t('superadminOnly') };
  try {
    await requestRenewal(getDb(), actor, certificateId);
  } catch (error) {
    return errorState(error, {}, []);
  }
  const woken = await wakeCertificateJob(getCertificateQueue()).then(
    () => true,
    () => false,
  );
  revalidatePath('/certificates');
  return { status: 'success', values: {}, fieldErrors: {}, message: woken ? t('renewQueued') : t('wakeFailed') };
}
