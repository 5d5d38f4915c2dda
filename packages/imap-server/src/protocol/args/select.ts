/**
 * SELECT / EXAMINE arguments (RFC 3501 §6.3.1, RFC 7162 §3.1.8, §3.2.5):
 *   SELECT mailbox [(CONDSTORE)]
 *   SELECT mailbox (QRESYNC (uidvalidity modseq [known-uids] [(known-seqs known-uids)]))
 */
import type { ArgReader } from '../arguments.ts';
import { type SequenceSet, usesStar } from '../sequence-set.ts';

export interface QresyncParams {
  /** The UIDVALIDITY the client last knew. */
  uidValidity: number;
  /** The HIGHESTMODSEQ the client last knew. */
  modseq: bigint;
  /** UIDs the client knows (VANISHED is limited to these). */
  knownUids?: SequenceSet;
  /** Pairs of message numbers and UIDs the client knows, to find the expunged ones cheaply. */
  sequenceMatch?: { sequenceNumbers: SequenceSet; uids: SequenceSet };
}

export interface SelectArgs {
  mailbox: string;
  /** CONDSTORE parameter (or QRESYNC, which implies it). */
  condstore: boolean;
  qresync?: QresyncParams;
}

export function parseSelectArgs(reader: ArgReader): SelectArgs {
  const args: SelectArgs = { mailbox: reader.mailbox(), condstore: false };
  const params = reader.optionalList();
  reader.end();
  if (!params) return args;
  while (!params.done) {
    const name = params.keyword('SELECT parameter', ['CONDSTORE', 'QRESYNC']);
    if (name === 'CONDSTORE') {
      args.condstore = true;
      continue;
    }
    if (args.qresync) params.fail('QRESYNC given twice');
    if (!reader.context.enabled.has('QRESYNC')) params.fail('QRESYNC parameter requires ENABLE QRESYNC');
    args.qresync = parseQresync(params.list('QRESYNC parameters'));
    args.condstore = true;
  }
  return args;
}

function parseQresync(list: ArgReader): QresyncParams {
  const params: QresyncParams = {
    uidValidity: list.nzNumber('QRESYNC uidvalidity'),
    modseq: list.modseq('QRESYNC mod-sequence'),
  };
  if (!list.done && !list.peekIsList()) {
    const knownUids = list.sequenceSet('QRESYNC known UIDs', { allowSaved: false });
    if (usesStar(knownUids)) list.fail('"*" is not allowed in QRESYNC known UIDs');
    params.knownUids = knownUids;
  }
  const match = list.optionalList();
  if (match) {
    const sequenceNumbers = match.sequenceSet('QRESYNC known sequence set', { allowSaved: false });
    const uids = match.sequenceSet('QRESYNC known UID set', { allowSaved: false });
    match.end();
    if (usesStar(sequenceNumbers) || usesStar(uids)) list.fail('"*" is not allowed in QRESYNC sequence match data');
    params.sequenceMatch = { sequenceNumbers, uids };
  }
  list.end();
  return params;
}
