import { capabilities } from '../capabilities.ts';
import { ok, type Reply } from '../protocol/replies.ts';
import type { Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';

/** CAPA (RFC 2449 §5). */
export function capa<U extends Pop3User>(_args: unknown, { session, server }: CommandContext<U>): Reply {
  const lines = capabilities(session, {
    implementation: server.implementation,
    ...(server.loginDelay ? { loginDelaySeconds: server.loginDelay.seconds } : {}),
  });
  return ok('Capability list follows', { body: { kind: 'lines', lines } });
}
