import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';

/** USER name (RFC 1939 §7): remembered for PASS; says nothing about whether it exists. */
export function user<U extends Pop3User>({ username }: { username: string }, { session }: CommandContext<U>): Reply {
  session.pendingUser = username;
  return ok(`Send PASS for ${username}`);
}
