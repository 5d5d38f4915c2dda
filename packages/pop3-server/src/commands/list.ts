import type { MessageRef } from '../protocol/arguments.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf, plural } from './transaction.ts';

/** LIST [msg] (RFC 1939 §5): `msg octets` for one message, or for every message not marked deleted. */
export function list<U extends Pop3User>({ message }: { message?: MessageRef }, context: CommandContext<U>): Reply {
  const view = maildropOf(context);
  if (message) return ok(`${message.number} ${view.message(message.index).size}`);
  const { count, octets } = view.stat();
  const lines = view.live().map(({ number, message: m }) => `${number} ${m.size}`);
  return ok(`${plural(count, 'message')} (${octets} octets)`, { body: { kind: 'lines', lines } });
}
