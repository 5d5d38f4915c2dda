import 'server-only';
import { ValidationError } from '@kontor/core';
import { getTranslations } from 'next-intl/server';
import type { FormState } from '@/lib/form-state.ts';
import { getLoginLimiter } from '@/lib/login-limiter.ts';
import type { MailUser } from '../mail-session.ts';

export class TooManyPasswordGuessesError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Too many wrong passwords');
  }
}

/**
 * Runs a settings change that asks for the account password (a new
 * password, turning 2FA off) under the sign-in limiter: a browser left
 * signed in is not a way to guess the password without limit. A wrong
 * password counts as a failed sign-in of that address from that IP.
 */
export async function withPasswordGuard<T>(user: MailUser, passwordField: string, change: () => Promise<T>): Promise<T> {
  const limiter = getLoginLimiter();
  const ip = user.actor.ip ?? 'unknown';
  const verdict = await limiter.check(ip, user.actor.address);
  if (!verdict.allowed) throw new TooManyPasswordGuessesError(verdict.retryAfterMs);
  try {
    return await change();
  } catch (error) {
    if (error instanceof ValidationError && passwordField in error.fields) {
      const { delayMs } = await limiter.recordFailure(ip, user.actor.address);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    throw error;
  }
}

/** What the form says instead: how many minutes to wait. */
export async function tooManyState(error: TooManyPasswordGuessesError): Promise<FormState> {
  const t = await getTranslations('webmailSettings.password');
  return { status: 'error', values: {}, fieldErrors: {}, formError: t('tooMany', { minutes: Math.max(1, Math.ceil(error.retryAfterMs / 60_000)) }) };
}
