import 'server-only';
import { ConfirmationRequiredError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@kontor/core';
import { unstable_rethrow } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { translateCoreMessage } from './core-messages.ts';
import type { FormState } from './form-state.ts';
import { requestLocale } from './locale.ts';

/** The submitted text fields, as typed. */
export function formValues(formData: FormData, fields: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = formData.get(field);
    if (typeof value === 'string') values[field] = value;
  }
  return values;
}

/** A trimmed text field, or undefined when left empty (so the data function's default applies). */
export function optional(values: Record<string, string>, field: string): string | undefined {
  const value = values[field]?.trim();
  return value ? value : undefined;
}

/** A form id parameter as a positive integer, or null. */
export function parseId(value: string | number): number | null {
  const id = typeof value === 'number' ? value : Number(value);
  // Ids are PostgreSQL integers: a larger number would reach the database as an error, not a 404.
  return Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647 ? id : null;
}

/**
 * Maps the core's typed errors to what the form shows: validation messages
 * beside their fields, a conflict beside its field (or atop the form),
 * permission and not-found problems atop the form. Anything else is a bug:
 * logged, and shown as a generic message with the input kept. Messages
 * are shown in the panel's language.
 */
export async function errorState(error: unknown, values: Record<string, string>, fields: readonly string[]): Promise<FormState> {
  unstable_rethrow(error); // redirect() and notFound() are not errors
  const locale = await requestLocale();
  const t = await getTranslations('common');
  const tr = (message: string) => translateCoreMessage(message, locale);
  const base: FormState = { status: 'error', values, fieldErrors: {} };
  if (error instanceof ValidationError) {
    const outside: string[] = [];
    for (const [field, message] of Object.entries(error.fields)) {
      if (fields.includes(field)) base.fieldErrors[field] = tr(message);
      else outside.push(tr(message));
    }
    if (outside.length) base.formError = outside.join(' ');
    return base;
  }
  if (error instanceof ConflictError) {
    if (error.field && fields.includes(error.field)) base.fieldErrors[error.field] = tr(error.message);
    else base.formError = tr(error.message);
    return base;
  }
  if (error instanceof ConfirmationRequiredError) {
    return { ...base, status: 'confirm', formError: tr(error.message), consequences: error.consequences };
  }
  if (error instanceof ForbiddenError) return { ...base, formError: error.message ? tr(error.message) : t('forbidden') };
  if (error instanceof NotFoundError) return { ...base, formError: t('removedMeanwhile', { message: tr(error.message) }) };
  console.error('[web] unexpected error in a form action', error);
  return { ...base, formError: t('genericError') };
}
