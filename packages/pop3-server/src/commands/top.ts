import type { MessageRef } from '../protocol/arguments.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { maildropOf } from './transaction.ts';

/** TOP msg n (RFC 1939 §7): header, blank line, first n body lines; reading stops there. */
export function top<U extends Pop3User>({ message, lines }: { message: MessageRef; lines: number }, context: CommandContext<U>): Reply {
  const view = maildropOf(context);
  return ok('Top of message follows', {
    body: {
      kind: 'message',
      open: () => view.maildrop.open(message.index),
      topLines: lines,
      failure: `Message ${message.number} cannot be read now`,
    },
  });
}
