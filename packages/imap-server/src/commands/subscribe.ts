/** SUBSCRIBE and UNSUBSCRIBE (RFC 3501 §6.3.6-7): a flag on the mailbox; only existing mailboxes. */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok, userOf } from './results.ts';

export const subscribe: CommandHandler<'SUBSCRIBE', Session> = async ({ mailbox }, { session }) => {
  await session.storage.setSubscribed(userOf(session), mailbox, true);
  return ok('SUBSCRIBE completed');
};

export const unsubscribe: CommandHandler<'UNSUBSCRIBE', Session> = async ({ mailbox }, { session }) => {
  await session.storage.setSubscribed(userOf(session), mailbox, false);
  return ok('UNSUBSCRIBE completed');
};
