'use server';

import { ForbiddenError, ValidationError } from '@kontor/core';
import { saveMailboxSignature } from '@kontor/db';
import { getTranslations } from 'next-intl/server';
import { getDb } from '@/lib/db.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

export type SignatureSaveResult = { ok: true; message: string; removed: boolean } | { ok: false; message: string };

/** The user's own signature for one of their identities (saveMailboxSignature checks the address is theirs). */
export async function saveSignatureAction(input: { identity: string; html: string; text: string }): Promise<SignatureSaveResult> {
  const user = await requireMailUser();
  const t = await getTranslations('webmailCompose.signatures');
  try {
    const saved = await saveMailboxSignature(getDb(), user.actor, {
      identity: String(input.identity),
      html: String(input.html),
      text: String(input.text),
    });
    return { ok: true, removed: saved === null, message: saved === null ? t('removed') : t('saved') };
  } catch (error) {
    if (error instanceof ForbiddenError) return { ok: false, message: t('notYours') };
    if (error instanceof ValidationError) return { ok: false, message: t('tooLong') };
    console.error('[web] signature not saved', error);
    return { ok: false, message: t('failed') };
  }
}
