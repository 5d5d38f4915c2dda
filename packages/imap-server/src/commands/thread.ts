/**
 * THREAD and UID THREAD (RFC 5256): ORDEREDSUBJECT and REFERENCES (REFS
 * is answered like REFERENCES). References come from the header columns
 * when the storage keeps them (`headers.references`), else from each
 * message's header (read bounded, like SEARCH HEADER).
 */
import type { ThreadArgs } from '../protocol/args/sort-thread.ts';
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import { MessageText } from '../search/message-text.ts';
import type { Session } from '../server/session.ts';
import { formatThreads, messageIds, orderedSubject, references, type ThreadInput } from '../sort/thread.ts';
import { ok, selectedOf } from './results.ts';
import { matchingUids, recordsOf } from './sort.ts';

async function thread(args: ThreadArgs, session: Session): Promise<Completion> {
  const view = selectedOf(session);
  const records = await recordsOf(session, view, await matchingUids(session, view, args.search), false);
  const inputs: ThreadInput[] = [];
  for (const record of records) {
    const input: ThreadInput = {
      record,
      subject: record.headers?.subject ?? '',
      messageId: messageIds(record.headers?.messageId ?? '')[0] ?? '',
      references: [],
    };
    if (args.algorithm !== 'ORDEREDSUBJECT') {
      const refs = record.headers?.references ?? (await new MessageText(session.storage, record).headerFields()).find(([name]) => name === 'references')?.[1];
      input.references = refs ? messageIds(refs) : messageIds(record.headers?.inReplyTo ?? '').slice(0, 1);
    }
    inputs.push(input);
  }
  const threads = args.algorithm === 'ORDEREDSUBJECT' ? orderedSubject(inputs) : references(inputs);
  const text = formatThreads(threads, (record) => (args.uid ? record.uid : view.seqOf(record.uid)));
  await session.send(text ? [atom('THREAD'), atom(text)] : [atom('THREAD')]);
  return ok('THREAD completed');
}

export const threadCommand: CommandHandler<'THREAD', Session> = (args, { session }) => thread(args, session);
export const uidThread: CommandHandler<'UID THREAD', Session> = (args, { session }) => thread(args, session);
