'use server';

import { KontorError } from '@kontor/core';
import { trustSender, untrustSender } from '@kontor/db';
import { getDb } from '@/lib/db.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';

export type TrustResult = { ok: true } | { ok: false };

/** "Always for this sender": the signed-in user's own list (user.actor), never another mailbox's. */
export async function trustSenderAction(address: unknown): Promise<TrustResult> {
  const user = await requireMailUser();
  if (typeof address !== 'string') return { ok: false };
  try {
    await trustSender(getDb(), user.actor, address);
    return { ok: true };
  } catch (error) {
    if (error instanceof KontorError) return { ok: false };
    throw error;
  }
}

/** Removes a sender from the user's trusted list (from the reading pane's bar). */
export async function untrustSenderAction(address: unknown): Promise<TrustResult> {
  const user = await requireMailUser();
  if (typeof address !== 'string') return { ok: false };
  await untrustSender(getDb(), user.actor, address);
  return { ok: true };
}
