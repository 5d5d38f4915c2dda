/**
 * LIST and LSUB arguments (RFC 3501 §6.3.8-9, LIST-EXTENDED RFC 5258,
 * LIST-STATUS RFC 5819, SPECIAL-USE RFC 6154):
 *   LIST [(selection options)] reference (pattern | (pattern ...)) [RETURN (return options)]
 * Patterns keep their wildcards: `*` matches anything, `%` anything but
 * the hierarchy delimiter; matching is the handler's work.
 */
import type { ArgReader } from '../arguments.ts';
import { parseStatusItems, type StatusItem } from './status.ts';

export interface ListSelection {
  subscribed: boolean;
  remote: boolean;
  recursiveMatch: boolean;
  specialUse: boolean;
}

export interface ListReturn {
  subscribed: boolean;
  children: boolean;
  specialUse: boolean;
  /** RETURN (STATUS (...)): a STATUS response per listed mailbox. */
  status?: StatusItem[];
}

export interface ListArgs {
  reference: string;
  patterns: string[];
  selection: ListSelection;
  returns: ListReturn;
  /** Extended syntax was used: answer by RFC 5258 rules (e.g. CHILDINFO, \NonExistent). */
  extended: boolean;
}

export interface LsubArgs {
  reference: string;
  pattern: string;
}

export function parseListArgs(reader: ArgReader): ListArgs {
  const selection: ListSelection = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  const returns: ListReturn = { subscribed: false, children: false, specialUse: false };
  let extended = false;

  const selectionList = reader.optionalList();
  if (selectionList) {
    extended = true;
    while (!selectionList.done) {
      const option = selectionList.keyword('LIST selection option', ['SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH', 'SPECIAL-USE']);
      if (option === 'SUBSCRIBED') selection.subscribed = true;
      else if (option === 'REMOTE') selection.remote = true;
      else if (option === 'RECURSIVEMATCH') selection.recursiveMatch = true;
      else selection.specialUse = true;
    }
    if (selection.recursiveMatch && !selection.subscribed && !selection.specialUse) {
      reader.fail('RECURSIVEMATCH needs another selection option');
    }
  }

  const reference = reader.mailboxPattern('reference name');
  const patterns: string[] = [];
  const patternList = reader.optionalList();
  if (patternList) {
    extended = true;
    while (!patternList.done) patterns.push(patternList.mailboxPattern('mailbox pattern'));
    if (patterns.length === 0) reader.fail('Empty list of mailbox patterns');
  } else {
    patterns.push(reader.mailboxPattern('mailbox pattern'));
  }

  if (reader.acceptKeyword('RETURN')) {
    extended = true;
    const options = reader.list('RETURN options');
    while (!options.done) {
      const option = options.keyword('LIST return option', ['SUBSCRIBED', 'CHILDREN', 'SPECIAL-USE', 'STATUS']);
      if (option === 'SUBSCRIBED') returns.subscribed = true;
      else if (option === 'CHILDREN') returns.children = true;
      else if (option === 'SPECIAL-USE') returns.specialUse = true;
      else if (returns.status) options.fail('STATUS given twice');
      else returns.status = parseStatusItems(options.list('STATUS item list'));
    }
  }
  reader.end();
  return { reference, patterns, selection, returns, extended };
}

export function parseLsubArgs(reader: ArgReader): LsubArgs {
  const reference = reader.mailboxPattern('reference name');
  const pattern = reader.mailboxPattern('mailbox pattern');
  reader.end();
  return { reference, pattern };
}
