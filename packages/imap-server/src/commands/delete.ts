/**
 * DELETE (RFC 3501 §6.3.4): the mailbox and its messages; its children
 * stay (its name then shows as \Noselect in LIST while they exist).
 * INBOX cannot be deleted. Deleting the selected mailbox deselects it.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { no, ok, userOf } from './results.ts';

export const deleteMailbox: CommandHandler<'DELETE', Session> = async ({ mailbox }, { session }) => {
  const user = userOf(session);
  if (mailbox === 'INBOX') return no('INBOX cannot be deleted', 'CANNOT');
  if (session.selected?.name === mailbox) session.deselect();
  await session.storage.deleteMailbox(user, mailbox);
  return ok('DELETE completed');
};
