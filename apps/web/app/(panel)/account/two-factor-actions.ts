'use server';

import { confirmAdminTotpEnrolment, disableAdminTotp, regenerateAdminRecoveryCodes, startAdminTotpEnrolment } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { errorState, formValues } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { requireSignedIn } from '@/lib/session.ts';
import { twoFactorOptions } from '@/lib/two-factor.ts';

/** A form state that can carry freshly made recovery codes (shown once, never stored in the clear). */
export interface TwoFactorFormState extends FormState {
  codes?: string[];
}

// These run on the required-setup page too, so they need only a signed-in admin (requireSignedIn), not a finished setup.
function refresh() {
  revalidatePath('/account');
  revalidatePath('/signin/two-factor');
}

/** Starts the setup (or starts over with a new key). */
export async function startTwoFactorAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const { actor } = await requireSignedIn();
  try {
    await startAdminTotpEnrolment(getDb(), actor, twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {} };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

/** Turns 2FA on with the first code; answers with the recovery codes. */
export async function confirmTwoFactorAction(_prev: TwoFactorFormState, formData: FormData): Promise<TwoFactorFormState> {
  const { actor } = await requireSignedIn();
  const values = formValues(formData, ['code']);
  const t = await getTranslations('account.twoFactor');
  try {
    const codes = await confirmAdminTotpEnrolment(getDb(), actor, values.code ?? '', twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('enabled'), codes };
  } catch (error) {
    return errorState(error, values, ['code']);
  }
}

export async function regenerateRecoveryCodesAction(_prev: TwoFactorFormState, formData: FormData): Promise<TwoFactorFormState> {
  const { actor } = await requireSignedIn();
  const values = formValues(formData, ['code']);
  const t = await getTranslations('account.twoFactor');
  try {
    const codes = await regenerateAdminRecoveryCodes(getDb(), actor, values.code ?? '', twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('regenerated'), codes };
  } catch (error) {
    return errorState(error, values, ['code']);
  }
}

/** Turns own 2FA off with the password and a code. */
export async function disableTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const { actor } = await requireSignedIn();
  const values = formValues(formData, ['password', 'code']);
  // The password is never sent back into the form.
  const kept = { code: values.code ?? '' };
  const t = await getTranslations('account.twoFactor');
  try {
    await disableAdminTotp(getDb(), actor, { password: values.password ?? '', code: values.code ?? '' }, twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('disabled') };
  } catch (error) {
    return errorState(error, kept, ['password', 'code']);
  }
}
