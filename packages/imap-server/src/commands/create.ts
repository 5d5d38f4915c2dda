/**
 * CREATE (RFC 3501 §6.3.3) with CREATE-SPECIAL-USE (RFC 6154 §3):
 * `CREATE Lists/kontor`, `CREATE Archive (USE (\Archive))`. A trailing
 * delimiter only declares the intent to create children (dropped);
 * missing superior names are created by the store.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { HIERARCHY_DELIMITER } from './namespace.ts';
import { no, ok, userOf } from './results.ts';

/** What the store can keep: one special-use attribute per mailbox. */
const STORABLE_USES = new Set(['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash']);

export const create: CommandHandler<'CREATE', Session> = async ({ mailbox, specialUse }, { session }) => {
  const user = userOf(session);
  const name = mailbox.endsWith(HIERARCHY_DELIMITER) ? mailbox.slice(0, -1) : mailbox;
  if (name === 'INBOX') return no('INBOX exists already', 'ALREADYEXISTS');
  if (specialUse && (specialUse.length > 1 || !specialUse.every((use) => STORABLE_USES.has(use)))) {
    return no(`Special use ${specialUse.join(' ')} is not supported (one of ${[...STORABLE_USES].join(' ')})`, 'USEATTR');
  }
  await session.storage.createMailbox(user, name, specialUse?.[0] ? { specialUse: specialUse[0] } : {});
  return ok('CREATE completed');
};
