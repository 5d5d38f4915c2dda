/**
 * STORE and UID STORE (RFC 3501 §6.4.6) with CONDSTORE UNCHANGEDSINCE
 * (RFC 7162 §3.1.3): FLAGS / +FLAGS / -FLAGS, `.SILENT`. Messages that
 * failed UNCHANGEDSINCE are named in `OK [MODIFIED set]`.
 */

import type { StoreArgs } from '../protocol/args/store.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import { compactSequenceSet } from '../protocol/sequence-set.ts';
import { enableCondstore } from '../server/condstore.ts';
import { announceKeywords } from '../server/keywords.ts';
import type { Session } from '../server/session.ts';
import { bad, no, ok, selectedOf } from './results.ts';

async function storeFlags(args: StoreArgs, session: Session): Promise<Completion> {
  const view = selectedOf(session);
  if (view.readOnly) return no('The mailbox is read-only', 'READ-ONLY');
  const resolved = view.resolve(args.set, args.uid);
  if ('error' in resolved) return bad(resolved.error);
  if (args.unchangedSince !== undefined) await enableCondstore(session);
  if (resolved.uids.length === 0) return ok('STORE completed');

  const change: { operation: StoreArgs['operation']; flags: readonly string[]; unchangedSince?: bigint } = {
    operation: args.operation,
    flags: args.flags,
  };
  if (args.unchangedSince !== undefined) change.unchangedSince = args.unchangedSince;
  const result = await session.storage.storeFlags(view.id, resolved.uids, change);
  for (const message of result.changed) view.reported.set(message.uid, message.modseq);

  const touched = args.silent ? (session.condstore ? result.changed : []) : [...result.changed, ...result.unchanged];
  touched.sort((a, b) => a.uid - b.uid);
  if (!args.silent)
    await announceKeywords(
      session,
      view,
      touched.map((m) => m.flags),
    );
  for (const message of touched) {
    const seq = view.seqOf(message.uid);
    if (seq === 0) continue;
    const items: WireValue[] = [];
    if (!args.silent) items.push(atom('FLAGS'), view.flagsOf(message.uid, message.flags).map(atom));
    if (args.uid || session.condstore) items.push(atom('UID'), message.uid);
    if (session.condstore) items.push(atom('MODSEQ'), [message.modseq]);
    await session.send([seq, atom('FETCH'), items]);
  }

  if (result.failed.length > 0) {
    const set = args.uid ? result.failed : result.failed.map((uid) => view.seqOf(uid)).filter((seq) => seq > 0);
    return ok('Conditional STORE failed for some messages', { code: 'MODIFIED', set: compactSequenceSet(set) });
  }
  return ok('STORE completed');
}

export const store: CommandHandler<'STORE', Session> = (args, { session }) => storeFlags(args, session);
export const uidStore: CommandHandler<'UID STORE', Session> = (args, { session }) => storeFlags(args, session);
