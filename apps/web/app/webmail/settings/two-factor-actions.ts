'use server';

import { confirmMailboxTotpEnrolment, disableMailboxTotp, regenerateMailboxRecoveryCodes, startMailboxTotpEnrolment } from '@kontor/db';
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import type { TwoFactorFormState } from '@/app/(panel)/account/two-factor-actions.ts';
import { errorState, formValues } from '@/lib/actions.ts';
import { getDb } from '@/lib/db.ts';
import type { FormState } from '@/lib/form-state.ts';
import { twoFactorOptions } from '@/lib/two-factor.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { TooManyPasswordGuessesError, tooManyState, withPasswordGuard } from '@/lib/webmail/settings/password-guard.ts';

// The mailbox user's own two-factor sign-in, for the panel's TwoFactorSection (its `actions` prop).

function refresh() {
  revalidatePath('/webmail/settings', 'layout');
}

export async function startMailboxTwoFactorAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  try {
    await startMailboxTotpEnrolment(getDb(), user.actor, user.actor.id, twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {} };
  } catch (error) {
    return errorState(error, {}, []);
  }
}

/** Turns it on with the first code; answers with the recovery codes (shown once). */
export async function confirmMailboxTwoFactorAction(_prev: TwoFactorFormState, formData: FormData): Promise<TwoFactorFormState> {
  const user = await requireMailUser();
  const values = formValues(formData, ['code']);
  const t = await getTranslations('account.twoFactor');
  try {
    const codes = await confirmMailboxTotpEnrolment(getDb(), user.actor, user.actor.id, values.code ?? '', twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('enabled'), codes };
  } catch (error) {
    return errorState(error, values, ['code']);
  }
}

export async function regenerateMailboxRecoveryCodesAction(_prev: TwoFactorFormState, formData: FormData): Promise<TwoFactorFormState> {
  const user = await requireMailUser();
  const values = formValues(formData, ['code']);
  const t = await getTranslations('account.twoFactor');
  try {
    const codes = await regenerateMailboxRecoveryCodes(getDb(), user.actor, user.actor.id, values.code ?? '', twoFactorOptions());
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('regenerated'), codes };
  } catch (error) {
    return errorState(error, values, ['code']);
  }
}

/** Turns it off with the account password (under the sign-in limiter) and a code. */
export async function disableMailboxTwoFactorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const user = await requireMailUser();
  const values = formValues(formData, ['password', 'code']);
  const kept = { code: values.code ?? '' };
  const t = await getTranslations('account.twoFactor');
  try {
    await withPasswordGuard(user, 'password', () =>
      disableMailboxTotp(getDb(), user.actor, user.actor.id, { password: values.password ?? '', code: values.code ?? '' }, twoFactorOptions()),
    );
    refresh();
    return { status: 'success', values: {}, fieldErrors: {}, message: t('disabled') };
  } catch (error) {
    if (error instanceof TooManyPasswordGuessesError) return tooManyState(error);
    return errorState(error, kept, ['password', 'code']);
  }
}
