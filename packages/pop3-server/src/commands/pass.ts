import { err, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';
import { login } from './login.ts';

/** PASS password (RFC 1939 §7): only right after USER. */
export async function pass<U extends Pop3User>({ password }: { password: string }, context: CommandContext<U>): Promise<Reply> {
  const username = context.session.pendingUser;
  if (username === undefined) return err('PASS without USER: send USER first');
  return login(context, username, password);
}
