/**
 * Turning CONDSTORE on by using it (RFC 7162 §3.1): FETCH MODSEQ, SEARCH
 * MODSEQ, STORE UNCHANGEDSINCE and the like enable it for the rest of the
 * session. When that happens while a mailbox is selected, the client has
 * not been told the mailbox's HIGHESTMODSEQ yet (SELECT only sends it to
 * a CONDSTORE session), so the server says it once, before the command's
 * own responses: `* OK [HIGHESTMODSEQ n]`.
 */
import type { Session } from './session.ts';

export async function enableCondstore(session: Session): Promise<void> {
  if (session.condstore) return;
  session.enableCondstore();
  const view = session.selected;
  // What the client has caught up to: later changes still reach it as updates.
  if (view) await session.sendStatus('OK', 'CONDSTORE enabled', { code: 'HIGHESTMODSEQ', modseq: view.knownModseq });
}
