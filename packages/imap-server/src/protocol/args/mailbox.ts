/**
 * Arguments that are a mailbox name and little else: CREATE (with
 * CREATE-SPECIAL-USE, RFC 6154), DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE,
 * GETQUOTAROOT; COPY/MOVE (a set and a mailbox); UID EXPUNGE; GETQUOTA.
 */
import type { ArgReader } from '../arguments.ts';
import type { SequenceSet } from '../sequence-set.ts';

export interface MailboxArgs {
  mailbox: string;
}

export interface CreateArgs {
  mailbox: string;
  /** `CREATE name (USE (\Sent))`: special-use attributes to give the new mailbox. */
  specialUse?: string[];
}

export interface RenameArgs {
  from: string;
  to: string;
}

export interface CopyArgs {
  /** UID COPY / UID MOVE: `set` holds UIDs. */
  uid: boolean;
  set: SequenceSet;
  mailbox: string;
}

export interface UidExpungeArgs {
  set: SequenceSet;
}

export interface QuotaRootArgs {
  root: string;
}

export const SPECIAL_USE = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash', '\\Important'];

export function parseMailboxArgs(reader: ArgReader): MailboxArgs {
  const mailbox = reader.mailbox();
  reader.end();
  return { mailbox };
}

export function parseCreateArgs(reader: ArgReader): CreateArgs {
  const args: CreateArgs = { mailbox: reader.mailbox() };
  const params = reader.optionalList();
  reader.end();
  if (!params) return args;
  while (!params.done) {
    params.keyword('CREATE parameter', ['USE']);
    const uses: ArgReader = params.list('USE attributes');
    const specialUse: string[] = args.specialUse ?? [];
    while (!uses.done) {
      const attribute = uses.atom('special-use attribute');
      const known = SPECIAL_USE.find((name) => name.toLowerCase() === attribute.toLowerCase());
      if (!known) uses.fail(`Unknown special-use attribute: ${attribute}`);
      if (!specialUse.includes(known)) specialUse.push(known);
    }
    args.specialUse = specialUse;
  }
  return args;
}

export function parseRenameArgs(reader: ArgReader): RenameArgs {
  const from = reader.mailbox('existing mailbox name');
  const to = reader.mailbox('new mailbox name');
  reader.end();
  return { from, to };
}

export function parseCopyArgs(reader: ArgReader, uid: boolean): CopyArgs {
  const set = reader.sequenceSet('sequence set');
  const mailbox = reader.mailbox('destination mailbox');
  reader.end();
  return { uid, set, mailbox };
}

export function parseUidExpungeArgs(reader: ArgReader): UidExpungeArgs {
  const set = reader.sequenceSet('UID set');
  reader.end();
  return { set };
}

export function parseQuotaRootArgs(reader: ArgReader): QuotaRootArgs {
  const root = reader.astring('quota root');
  reader.end();
  return { root };
}
