/**
 * EXPUNGE (RFC 3501 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1): removes
 * \Deleted messages (UID EXPUNGE: only those in the set). The
 * `* n EXPUNGE` (or VANISHED) responses come from the sync that follows
 * every command (server/updates.ts), so other sessions' expunges are
 * reported in the same breath.
 */
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { bad, no, ok, selectedOf } from './results.ts';

async function expungeIn(session: Session, uids?: readonly number[]): Promise<Completion> {
  const view = selectedOf(session);
  if (view.readOnly) return no('The mailbox is read-only', 'READ-ONLY');
  if (uids && uids.length === 0) return ok('EXPUNGE completed');
  await session.storage.expunge(view.id, uids);
  view.dirty = true;
  return ok('EXPUNGE completed');
}

export const expunge: CommandHandler<'EXPUNGE', Session> = (_args, { session }) => expungeIn(session);

export const uidExpunge: CommandHandler<'UID EXPUNGE', Session> = ({ set }, { session }) => {
  const resolved = selectedOf(session).resolve(set, true);
  if ('error' in resolved) return bad(resolved.error);
  return expungeIn(session, resolved.uids);
};
