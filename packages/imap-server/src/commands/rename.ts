/**
 * RENAME (RFC 3501 §6.3.5): children move along; renaming INBOX moves its
 * messages into the new mailbox and leaves INBOX empty (the store does
 * both). A selected mailbox stays selected under its new name.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { HIERARCHY_DELIMITER } from './namespace.ts';
import { ok, userOf } from './results.ts';

export const rename: CommandHandler<'RENAME', Session> = async ({ from, to }, { session }) => {
  const user = userOf(session);
  const target = to.endsWith(HIERARCHY_DELIMITER) ? to.slice(0, -1) : to;
  await session.storage.renameMailbox(user, from, target);
  const view = session.selected;
  if (view && from !== 'INBOX') {
    if (view.name === from) view.name = target;
    else if (view.name.startsWith(from + HIERARCHY_DELIMITER)) view.name = target + view.name.slice(from.length);
  }
  if (view && from === 'INBOX' && view.name === 'INBOX') view.dirty = true;
  return ok('RENAME completed');
};
