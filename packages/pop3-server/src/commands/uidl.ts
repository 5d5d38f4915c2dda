import type { MessageRef } from '../protocol/arguments.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf } from './transaction.ts';

/** UIDL [msg] (RFC 1939 §7): unique ids that stay the same across sessions. */
export function uidl<U extends Pop3User>({ message }: { message?: MessageRef }, context: CommandContext<U>): Reply {
  const view = maildropOf(context);
  if (message) return ok(`${message.number} ${view.message(message.index).uniqueId}`);
  const lines = view.live().map(({ number, message: m }) => `${number} ${m.uniqueId}`);
  return ok('Unique-id listing follows', { body: { kind: 'lines', lines } });
}
