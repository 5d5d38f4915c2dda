/**
 * MOVE and UID MOVE (RFC 6851): the store copies and expunges in one
 * transaction; the client gets `* OK [COPYUID ...]`, then the EXPUNGE (or
 * VANISHED) responses from the sync after the command, then the tagged OK.
 */
import type { CopyArgs } from '../protocol/args/mailbox.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { type CopyResult, StorageError } from '../storage.ts';
import { bad, no, ok, selectedOf, storageFailure, userOf } from './results.ts';

async function moveMessages(args: CopyArgs, session: Session): Promise<Completion> {
  const view = selectedOf(session);
  if (view.readOnly) return no('The mailbox is read-only', 'READ-ONLY');
  const resolved = view.resolve(args.set, args.uid);
  if ('error' in resolved) return bad(resolved.error);
  if (resolved.uids.length === 0) return ok('MOVE completed (nothing to move)');
  let result: CopyResult;
  try {
    result = await session.storage.move(userOf(session), view.id, resolved.uids, args.mailbox);
  } catch (error) {
    if (error instanceof StorageError) return storageFailure(error, { tryCreate: true });
    throw error;
  }
  view.dirty = true;
  if (result.mapping.length > 0) {
    await session.sendStatus('OK', 'Moved', {
      code: 'COPYUID',
      uidValidity: result.uidValidity,
      sourceUids: result.mapping.map(([source]) => source),
      destinationUids: result.mapping.map(([, destination]) => destination),
    });
  }
  return ok('MOVE completed');
}

export const move: CommandHandler<'MOVE', Session> = (args, { session }) => moveMessages(args, session);
export const uidMove: CommandHandler<'UID MOVE', Session> = (args, { session }) => moveMessages(args, session);
