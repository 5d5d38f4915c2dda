import { ForbiddenError } from '@kontor/core';
import { z } from 'zod';
import type { Actor, MailboxActor } from './actor.ts';
import type { DbTx } from './client.ts';
import { mayUseSenderAddress } from './sending.ts';
import { parseInput } from './validate.ts';

/** Enough for a long signature with a logo link; a guard against pasting a whole newsletter. */
export const MAX_SIGNATURE_HTML = 20_000;
export const MAX_SIGNATURE_TEXT = 5_000;

export interface MailboxSignatureView {
  identity: string;
  html: string;
  text: string;
}

export const saveSignatureInput = z.object({
  identity: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(320)
    .regex(/^[^@\s]+@[^@\s]+$/, 'Not an address'),
  html: z.string().max(MAX_SIGNATURE_HTML, 'The signature is too long'),
  text: z.string().max(MAX_SIGNATURE_TEXT, 'The signature is too long'),
});
export type SaveSignatureInput = z.input<typeof saveSignatureInput>;

function ownMailbox(actor: Actor, what: string): MailboxActor {
  // Signatures are the user's own: no admin (not even a superadmin) edits them.
  if (actor.kind !== 'mailbox') throw new ForbiddenError(`Only a mailbox's user can ${what}`);
  return actor;
}

/** The signed-in user's signatures, one per sender identity that has one. */
export async function listMailboxSignatures(db: DbTx, actor: Actor): Promise<MailboxSignatureView[]> {
  const mailbox = ownMailbox(actor, 'read its signatures');
  return db.mailboxSignature.findMany({
    where: { mailboxId: mailbox.id },
    orderBy: { identity: 'asc' },
    select: { identity: true, html: true, text: true },
  });
}

/**
 * Sets (or, when both parts are blank, removes) the signature of one of
 * the user's identities. An address the mailbox may not send as is
 * refused with submission's own rule.
 */
export async function saveMailboxSignature(db: DbTx, actor: Actor, input: SaveSignatureInput): Promise<MailboxSignatureView | null> {
  const mailbox = ownMailbox(actor, 'change its signatures');
  const data = parseInput(saveSignatureInput, input);
  if (!(await mayUseSenderAddress(db, mailbox.id, data.identity))) throw new ForbiddenError(`${data.identity} is not one of your addresses`);
  const where = { mailboxId_identity: { mailboxId: mailbox.id, identity: data.identity } };
  if (!data.text.trim() && !data.html.replace(/<[^>]*>/g, '').trim()) {
    await db.mailboxSignature.deleteMany({ where: { mailboxId: mailbox.id, identity: data.identity } });
    return null;
  }
  const row = await db.mailboxSignature.upsert({
    where,
    create: { mailboxId: mailbox.id, identity: data.identity, html: data.html, text: data.text },
    update: { html: data.html, text: data.text },
    select: { identity: true, html: true, text: true },
  });
  return row;
}
