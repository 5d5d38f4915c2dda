/**
 * LIST (RFC 3501 §6.3.8) with LIST-EXTENDED (RFC 5258), LIST-STATUS
 * (RFC 5819), SPECIAL-USE (RFC 6154) and CHILDREN (RFC 3348).
 *
 * Every mailbox gets \HasChildren or \HasNoChildren and its special-use
 * attribute; \Subscribed when asked for. Subscriptions are names kept
 * apart from mailboxes (storage.listSubscriptions). A name that only exists as the
 * parent of others (its mailbox was deleted) is listed as \Noselect
 * (\NonExistent in the extended form), as RFC 3501 §6.3.4 shows.
 */

import { ancestors, canonicalPattern, compilePattern } from '../mailboxes/patterns.ts';
import type { ListArgs } from '../protocol/args/list.ts';
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom, type WireValue } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import type { MailboxInfo } from '../storage.ts';
import { HIERARCHY_DELIMITER } from './namespace.ts';
import { ok, userOf } from './results.ts';
import { expensiveItems, statusResponse } from './status.ts';

export interface ListEntry {
  name: string;
  /** Undefined: a parent name without a mailbox of its own. */
  mailbox?: MailboxInfo;
  attributes: string[];
  /** CHILDINFO extended data (RFC 5258 §3.5). */
  childInfo?: string[];
}

/**
 * Which names a LIST answers with, in order (INBOX first, then by name),
 * with their attributes. `subscriptions` are names (RFC 3501 §6.3.6): with
 * the SUBSCRIBED selection one without a mailbox is listed as
 * `\NonExistent \Subscribed` (RFC 5258 §3.1); with RECURSIVEMATCH a name
 * whose descendants pass the selection but not the pattern carries
 * `CHILDINFO` (RFC 5258 §3.5).
 */
export function listEntries(mailboxes: readonly MailboxInfo[], args: ListArgs, subscriptions: readonly string[] = []): ListEntry[] {
  const byName = new Map(mailboxes.map((m) => [m.name, m]));
  const subscribed = new Set(subscriptions);
  const { selection, returns } = args;
  const names = new Set<string>();
  const known = selection.subscribed ? [...byName.keys(), ...subscribed] : [...byName.keys()];
  for (const name of known) {
    names.add(name);
    for (const parent of ancestors(name)) names.add(parent);
  }
  const sorted = [...names].sort((a, b) => (a === 'INBOX' ? -1 : b === 'INBOX' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  const hasChildren = (name: string) => mailboxes.some((m) => m.name.startsWith(name + HIERARCHY_DELIMITER));
  const matchers = args.patterns.map((pattern) => compilePattern(canonicalPattern(args.reference, pattern)));
  const matches = (name: string) => matchers.some((match) => match(name));
  const showSubscribed = returns.subscribed || selection.subscribed;
  const filtered = selection.subscribed || selection.specialUse;
  // A name passes the selection: SUBSCRIBED takes subscribed names with or without a mailbox.
  const passes = (name: string) => {
    const mailbox = byName.get(name);
    if (selection.subscribed && !subscribed.has(name)) return false;
    if (selection.specialUse && !mailbox?.specialUse) return false;
    return mailbox !== undefined || selection.subscribed;
  };

  const entries: ListEntry[] = [];
  for (const name of sorted) {
    if (!matches(name)) continue;
    const mailbox = byName.get(name);
    const attributes: string[] = [];
    let childInfo: string[] | undefined;
    const passing = passes(name);
    if (selection.recursiveMatch && filtered) {
      const below = [...names].filter((n) => n.startsWith(name + HIERARCHY_DELIMITER));
      if (below.some((n) => passes(n) && !matches(n))) childInfo = [selection.subscribed ? 'SUBSCRIBED' : 'SPECIAL-USE'];
    }
    // Filtered out, unless RECURSIVEMATCH keeps it for its children; a bare parent is listed by plain LIST.
    if (!passing && (filtered ? !childInfo : mailbox !== undefined)) continue;
    if (!mailbox) attributes.push(args.extended ? '\\NonExistent' : '\\Noselect');
    attributes.push(hasChildren(name) ? '\\HasChildren' : '\\HasNoChildren');
    if (mailbox?.specialUse) attributes.push(mailbox.specialUse);
    if (showSubscribed && subscribed.has(name)) attributes.push('\\Subscribed');
    const entry: ListEntry = { name, attributes };
    if (mailbox) entry.mailbox = mailbox;
    if (childInfo) entry.childInfo = childInfo;
    entries.push(entry);
  }
  return entries;
}

export const list: CommandHandler<'LIST', Session> = async (args, { session }) => {
  const user = userOf(session);
  if (args.patterns.length === 1 && args.patterns[0] === '' && !args.extended) {
    // RFC 3501: the hierarchy delimiter and the root name.
    await session.send([atom('LIST'), [atom('\\Noselect')], HIERARCHY_DELIMITER, '']);
    return ok('LIST completed');
  }
  const mailboxes = await session.storage.listMailboxes(user);
  const wantsSubscriptions = args.selection.subscribed || args.returns.subscribed;
  const subscriptions = wantsSubscriptions ? await session.storage.listSubscriptions(user) : [];
  const statusItems = args.returns.status;
  for (const entry of listEntries(mailboxes, args, subscriptions)) {
    const line: WireValue[] = [atom('LIST'), entry.attributes.map(atom), HIERARCHY_DELIMITER, session.mailboxName(entry.name)];
    if (entry.childInfo) line.push([atom('CHILDINFO'), entry.childInfo]);
    await session.send(line);
    if (statusItems && entry.mailbox) {
      const status = await session.storage.mailboxStatus(user, entry.name, expensiveItems(statusItems)).catch(() => null);
      if (status) await session.send(statusResponse(session, status, statusItems));
    }
  }
  if (statusItems?.includes('HIGHESTMODSEQ')) session.enableCondstore();
  return ok('LIST completed');
};
