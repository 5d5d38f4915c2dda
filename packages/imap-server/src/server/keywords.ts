/**
 * Announcing keywords (RFC 3501 §7.2.6, §7.1 PERMANENTFLAGS): the client
 * learns the flags a mailbox uses from `* FLAGS (...)` at SELECT and
 * whenever the set grows. A keyword that STORE, APPEND, COPY or MOVE (of
 * this or any other session) brings into the selected mailbox is
 * announced with `* FLAGS` and `* OK [PERMANENTFLAGS]` before the first
 * FETCH response that shows it. Every writer of FETCH FLAGS calls
 * `announceKeywords` with the flags it is about to send.
 */
import { atom } from '../protocol/encoder.ts';
import { SYSTEM_FLAGS } from '../protocol/flags.ts';
import type { SelectedMailbox } from './selected-mailbox.ts';
import type { Session } from './session.ts';

/** Adds the keywords among `flags` to the view's set; true when one was new. Keywords match case-insensitively. */
export function learnKeywords(view: SelectedMailbox, flags: readonly string[]): boolean {
  let added = false;
  for (const flag of flags) {
    if (flag.startsWith('\\')) continue;
    const key = flag.toLowerCase();
    if (view.keywords.has(key)) continue;
    view.keywords.set(key, flag);
    added = true;
  }
  return added;
}

/** The FLAGS list of the view: system flags, then its keywords sorted. */
export function mailboxFlags(view: SelectedMailbox): string[] {
  return [...SYSTEM_FLAGS, ...[...view.keywords.values()].sort()];
}

/** `* FLAGS (...)` and `* OK [PERMANENTFLAGS (...)]` for the view as it is. */
export async function sendMailboxFlags(session: Session, view: SelectedMailbox): Promise<void> {
  const flags = mailboxFlags(view);
  await session.send([atom('FLAGS'), flags.map(atom)]);
  await session.sendStatus('OK', view.readOnly ? 'No permanent flags permitted' : 'Flags permitted', {
    code: 'PERMANENTFLAGS',
    flags: view.readOnly ? [] : [...flags, '\\*'],
  });
}

/** Announces the keywords among these flag lists the client has not been told of yet. */
export async function announceKeywords(session: Session, view: SelectedMailbox, flagLists: Iterable<readonly string[]>): Promise<void> {
  let added = false;
  for (const flags of flagLists) if (learnKeywords(view, flags)) added = true;
  if (added) await sendMailboxFlags(session, view);
}
