import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf } from './transaction.ts';

/** STAT (RFC 1939 §5): `+OK count octets` of the messages not marked deleted. */
export function stat<U extends Pop3User>(_args: unknown, context: CommandContext<U>): Reply {
  const { count, octets } = maildropOf(context).stat();
  return ok(`${count} ${octets}`);
}
