/**
 * SELECT and EXAMINE (RFC 3501 §6.3.1-2), with CONDSTORE and QRESYNC
 * (RFC 7162 §3.1.8, §3.2.5): FLAGS, EXISTS, RECENT, the UNSEEN /
 * UIDVALIDITY / UIDNEXT / HIGHESTMODSEQ / PERMANENTFLAGS codes, and for
 * QRESYNC what the client missed (VANISHED (EARLIER), FETCH).
 */
import type { SelectArgs } from '../protocol/args/select.ts';
import type { CommandContext, CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { compactSequenceSet, evaluateSequenceSet } from '../protocol/sequence-set.ts';
import { learnKeywords, sendMailboxFlags } from '../server/keywords.ts';
import { markRecent } from '../server/recent.ts';
import { SelectedMailbox } from '../server/selected-mailbox.ts';
import type { Session } from '../server/session.ts';
import { type MailboxStatus, StorageError } from '../storage.ts';
import { no, ok, userOf } from './results.ts';

async function open(args: SelectArgs, { session }: CommandContext<Session>, readOnly: boolean): Promise<Completion> {
  const user = userOf(session);
  if (session.selected) {
    session.deselect();
    await session.sendStatus('OK', 'Previous mailbox closed', 'CLOSED');
  }
  let status: MailboxStatus;
  try {
    status = await session.storage.mailboxStatus(user, args.mailbox);
  } catch (error) {
    if (error instanceof StorageError && error.code === 'NONEXISTENT') return no(`No mailbox named ${args.mailbox}`, 'NONEXISTENT');
    throw error;
  }
  const messages = await session.storage.listMessages(status.id);
  const uids = messages.map((m) => m.uid);
  const view = new SelectedMailbox(status.id, status.name, readOnly, status.uidValidity, uids, status.highestModseq);
  await markRecent(session.storage, view, uids);
  if (args.condstore) session.enableCondstore();

  for (const message of messages) learnKeywords(view, message.flags);
  const firstUnseen = messages.findIndex((m) => !m.flags.includes('\\Seen'));

  await sendMailboxFlags(session, view);
  await session.send([view.exists, atom('EXISTS')]);
  await session.send([view.recent.size, atom('RECENT')]);
  if (firstUnseen >= 0) await session.sendStatus('OK', `Message ${firstUnseen + 1} is first unseen`, { code: 'UNSEEN', seq: firstUnseen + 1 });
  await session.sendStatus('OK', 'UIDs valid', { code: 'UIDVALIDITY', uidValidity: status.uidValidity });
  await session.sendStatus('OK', 'Predicted next UID', { code: 'UIDNEXT', uidNext: Math.max(status.uidNext, view.maxUid + 1) });
  await session.sendStatus('OK', 'Highest', { code: 'HIGHESTMODSEQ', modseq: status.highestModseq });

  if (args.qresync && args.qresync.uidValidity === status.uidValidity) {
    const changes = await session.storage.changesSince(status.id, args.qresync.modseq);
    let vanished = changes.vanished;
    const known = args.qresync.knownUids;
    if (known && known.kind === 'ranges') vanished = evaluateSequenceSet(known, vanished);
    if (vanished.length > 0) await session.send([atom('VANISHED'), [atom('EARLIER')], atom(compactSequenceSet(vanished))]);
    for (const change of changes.changed) {
      const seq = view.seqOf(change.uid);
      if (seq === 0) continue;
      const items: WireValue[] = [atom('UID'), change.uid, atom('FLAGS'), view.flagsOf(change.uid, change.flags).map(atom), atom('MODSEQ'), [change.modseq]];
      await session.send([seq, atom('FETCH'), items]);
    }
  }

  await session.select(view);
  return readOnly ? ok('EXAMINE completed', 'READ-ONLY') : ok('SELECT completed', 'READ-WRITE');
}

export const select: CommandHandler<'SELECT', Session> = (args, context) => open(args, context, false);
export const examine: CommandHandler<'EXAMINE', Session> = (args, context) => open(args, context, true);
