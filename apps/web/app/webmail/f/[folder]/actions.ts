'use server';

import { cookies } from 'next/headers';
import { z } from 'zod';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { LIST_ORDER_COOKIE, type ListOrder, SORT_FIELDS, serializeListOrder } from '@/lib/webmail/list-order.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { applyMessageAction, MESSAGE_ACTIONS, MessageActionRefused } from '@/lib/webmail/message-actions.ts';

export type MessageActionResult = { ok: true; count: number } | { ok: false; error: 'noFolder' | 'notFound' | 'noTarget' | 'unavailable' | 'invalid' };

const uid = z.number().int().positive().max(4_294_967_295);

const requestSchema = z.object({
  action: z.enum(MESSAGE_ACTIONS),
  sets: z
    .array(z.object({ path: z.string().min(1).max(1000), uids: z.array(uid).min(1).max(10_000) }))
    .min(1)
    .max(50),
  target: z.string().min(1).max(1000).nullable().optional(),
});

/**
 * The list's bulk actions, the toolbar's and the shortcuts': read, unread,
 * flag, unflag, delete, archive, junk, not junk, move. The folders and UIDs
 * come from the browser, so they are only ever looked up on the signed-in
 * user's own IMAP connection (user.imap): another account's names mean
 * nothing there.
 */
export async function applyToMessages(request: unknown): Promise<MessageActionResult> {
  const user = await requireMailUser();
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) return { ok: false, error: 'invalid' };
  const { action, sets, target } = parsed.data;
  try {
    const count = await applyMessageAction(user.imap, action, sets, target ?? null);
    return { ok: true, count };
  } catch (error) {
    if (error instanceof MessageActionRefused) return { ok: false, error: error.reason };
    const failure = imapFailure(error);
    if (failure) return { ok: false, error: failure };
    throw error;
  }
}

const orderSchema = z.object({ sort: z.enum(SORT_FIELDS), reverse: z.boolean(), threads: z.boolean() });

/** Remembers the list's sort and view for this browser (every folder). */
export async function setListOrder(order: ListOrder): Promise<void> {
  await requireMailUser();
  const parsed = orderSchema.safeParse(order);
  if (!parsed.success) return;
  (await cookies()).set(LIST_ORDER_COOKIE, serializeListOrder(parsed.data), {
    path: '/webmail',
    maxAge: 365 * 24 * 60 * 60,
    sameSite: 'lax',
    httpOnly: true,
  });
}
