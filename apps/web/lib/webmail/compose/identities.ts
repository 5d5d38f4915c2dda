import 'server-only';
import { listMailboxSignatures, listOwnSenderAliases, sendingProfile } from '@kontor/db';
import { getDb } from '../../db.ts';
import type { MailUser } from '../mail-session.ts';
import type { Identity, Signature } from './compose-input.ts';

export interface SenderSetup {
  /** The mailbox's own address first, then the aliases it may send as. */
  identities: Identity[];
  signatures: Signature[];
  /** maild files a copy of submitted mail in Sent itself (Mailbox.saveSentCopy): webmail must not add a second. */
  serverSavesSentCopy: boolean;
}

/** Who the user may write as, with which signatures: one read of the database per page. */
export async function senderSetup(user: MailUser): Promise<SenderSetup> {
  const db = getDb();
  const [aliases, profile, signatures] = await Promise.all([
    listOwnSenderAliases(db, user.actor),
    sendingProfile(db, user.actor.id),
    listMailboxSignatures(db, user.actor),
  ]);
  const name = profile?.displayName ?? '';
  return {
    identities: [{ address: user.actor.address, name }, ...aliases.map((address) => ({ address, name }))],
    signatures,
    serverSavesSentCopy: profile?.saveSentCopy ?? false,
  };
}
