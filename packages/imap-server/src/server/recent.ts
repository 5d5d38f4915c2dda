/**
 * \Recent for a session's view (RFC 3501 §2.3.2): the first session to be
 * told of a message owns it as recent. SELECT claims the messages (raises
 * the store's mark); EXAMINE reports the same RECENT count but must not
 * change the mailbox, so it only reads the mark (claiming up to UID 0
 * raises nothing and returns the mark, RFC 3501 §6.3.2).
 */
import type { ImapStorage } from '../storage.ts';
import type { SelectedMailbox } from './selected-mailbox.ts';

/** Adds to `view.recent` those of `uids` (ascending, in the view) that are recent for this session. */
export async function markRecent(storage: ImapStorage, view: SelectedMailbox, uids: readonly number[]): Promise<void> {
  if (!storage.claimRecent || uids.length === 0) return;
  const mark = await storage.claimRecent(view.id, view.uidValidity, view.readOnly ? 0 : view.maxUid);
  for (const uid of uids) if (uid > mark) view.recent.add(uid);
}
