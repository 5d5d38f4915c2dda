/**
 * LSUB (RFC 3501 §6.3.9): subscribed names matching the pattern, whether
 * or not a mailbox has the name (subscriptions are names, §6.3.6); a
 * parent that is not subscribed but has subscribed children is listed
 * \Noselect when a `%` stops at it.
 */

import { ancestors, canonicalPattern, compilePattern } from '../mailboxes/patterns.ts';
import type { CommandHandler } from '../protocol/dispatcher.ts';
import { atom } from '../protocol/encoder.ts';
import type { Session } from '../server/session.ts';
import { HIERARCHY_DELIMITER } from './namespace.ts';
import { ok, userOf } from './results.ts';

export const lsub: CommandHandler<'LSUB', Session> = async ({ reference, pattern }, { session }) => {
  const subscribed = await session.storage.listSubscriptions(userOf(session));
  const match = compilePattern(canonicalPattern(reference, pattern));
  const subscribedSet = new Set(subscribed);
  const names = new Set<string>();
  for (const name of subscribed) {
    if (match(name)) names.add(name);
    for (const parent of ancestors(name)) {
      if (subscribedSet.has(parent) || !match(parent)) continue;
      const childMatches = subscribed.some((child) => child.startsWith(parent + HIERARCHY_DELIMITER) && match(child));
      if (!childMatches) names.add(parent);
    }
  }
  const sorted = [...names].sort((a, b) => (a === 'INBOX' ? -1 : b === 'INBOX' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of sorted) {
    const attributes = subscribedSet.has(name) ? [] : [atom('\\Noselect')];
    await session.send([atom('LSUB'), attributes, HIERARCHY_DELIMITER, session.mailboxName(name)]);
  }
  return ok('LSUB completed');
};
