import type { MessageRef } from '../protocol/arguments.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf } from './transaction.ts';

/** RETR msg (RFC 1939 §5): the whole message, streamed and byte-stuffed by the connection. */
export function retr<U extends Pop3User>({ message }: { message: MessageRef }, context: CommandContext<U>): Reply {
  const view = maildropOf(context);
  const { size } = view.message(message.index);
  return ok(`${size} octets`, {
    body: { kind: 'message', open: () => view.maildrop.open(message.index), failure: `Message ${message.number} cannot be read now` },
  });
}
