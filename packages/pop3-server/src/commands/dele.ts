import type { MessageRef } from '../protocol/arguments.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf } from './transaction.ts';

/** DELE msg (RFC 1939 §5): marks it; QUIT removes it. (Already-deleted numbers are refused by the table.) */
export function dele<U extends Pop3User>({ message }: { message: MessageRef }, context: CommandContext<U>): Reply {
  maildropOf(context).markDeleted(message.index);
  return ok(`Message ${message.number} deleted`);
}
