/**
 * STORE arguments (RFC 3501 §6.4.6, UNCHANGEDSINCE from RFC 7162 §3.1.3):
 *   STORE set [(UNCHANGEDSINCE modseq)] (+|-)FLAGS[.SILENT] (flag ...) | flag flag ...
 */
import type { ArgReader } from '../arguments.ts';
import type { SequenceSet } from '../sequence-set.ts';

export interface StoreArgs {
  /** UID STORE: `set` holds UIDs. */
  uid: boolean;
  set: SequenceSet;
  /** FLAGS replaces, +FLAGS adds, -FLAGS removes. */
  operation: 'replace' | 'add' | 'remove';
  /** .SILENT: no untagged FETCH for the change itself. */
  silent: boolean;
  flags: string[];
  /** Only change messages whose MODSEQ is not above this. */
  unchangedSince?: bigint;
}

const OPERATIONS = ['FLAGS', 'FLAGS.SILENT', '+FLAGS', '+FLAGS.SILENT', '-FLAGS', '-FLAGS.SILENT'];

export function parseStoreArgs(reader: ArgReader, uid: boolean): StoreArgs {
  const set = reader.sequenceSet('sequence set');
  let unchangedSince: bigint | undefined;
  const modifiers = reader.optionalList();
  if (modifiers) {
    while (!modifiers.done) {
      modifiers.keyword('STORE modifier', ['UNCHANGEDSINCE']);
      if (unchangedSince !== undefined) modifiers.fail('UNCHANGEDSINCE given twice');
      unchangedSince = modifiers.modseq('UNCHANGEDSINCE', true);
    }
  }
  const item = reader.keyword('STORE data item', OPERATIONS);
  const operation = item.startsWith('+') ? 'add' : item.startsWith('-') ? 'remove' : 'replace';

  const flags: string[] = [];
  const list = reader.optionalList();
  const source = list ?? reader;
  if (!list && reader.done) reader.fail('Missing flags');
  while (!source.done) {
    const flag = source.flag();
    if (!flags.includes(flag)) flags.push(flag);
  }
  reader.end();
  const args: StoreArgs = { uid, set, operation, silent: item.endsWith('.SILENT'), flags };
  if (unchangedSince !== undefined) args.unchangedSince = unchangedSince;
  return args;
}
