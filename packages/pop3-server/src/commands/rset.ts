import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf, plural } from './transaction.ts';

/** RSET (RFC 1939 §5): unmarks every message marked deleted. */
export function rset<U extends Pop3User>(_args: unknown, context: CommandContext<U>): Reply {
  const view = maildropOf(context);
  view.unmarkAll();
  const { count, octets } = view.stat();
  return ok(`Maildrop has ${plural(count, 'message')} (${octets} octets)`);
}
