/**
 * When a session tells its client about changes to the selected mailbox
 * (RFC 3501 §5.2, §7.4.1): after every command, before its tagged reply,
 * if something happened (a change event arrived or the command changed
 * the mailbox), and always after NOOP and CHECK (the client's "anything
 * new?", which also covers a lost event). EXPUNGE responses wait while
 * the command was FETCH, STORE or SEARCH (and SORT/THREAD, which are
 * searches): sequence numbers must not shift under a client that is
 * using them. The UID forms may report them.
 */
import type { CommandName } from '../protocol/commands.ts';
import { StorageError } from '../storage.ts';
import type { Session } from './session.ts';

const NO_EXPUNGES: ReadonlySet<CommandName> = new Set(['FETCH', 'STORE', 'SEARCH', 'SORT', 'THREAD']);
const ALWAYS: ReadonlySet<CommandName> = new Set(['NOOP', 'CHECK']);
/** These set up or leave the view themselves. */
const NEVER: ReadonlySet<CommandName> = new Set(['SELECT', 'EXAMINE', 'CLOSE', 'UNSELECT', 'LOGOUT', 'IDLE']);

export async function afterCommand(session: Session, command: CommandName): Promise<void> {
  const view = session.selected;
  if (!view || NEVER.has(command)) return;
  if (!view.dirty && !ALWAYS.has(command) && !(view.pendingExpunges.size > 0 && !NO_EXPUNGES.has(command))) return;
  await syncSelected(session, { expunges: !NO_EXPUNGES.has(command) });
}

/** sync(), with a deleted mailbox ending the session the way RFC 3501 §7.1.5 allows. */
export async function syncSelected(session: Session, options: { expunges: boolean }): Promise<void> {
  try {
    await session.sync(options);
  } catch (error) {
    if (error instanceof StorageError && error.code === 'NONEXISTENT') {
      session.deselect();
      await session.sendStatus('BYE', 'The selected mailbox was deleted');
      session.state = 'logout';
      return;
    }
    throw error;
  }
}
