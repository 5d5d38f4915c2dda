/**
 * CAPA (RFC 2449 §5): what this session offers now. USER and SASL are
 * listed only when credentials may be sent (RFC 2595 §4: not before TLS),
 * STLS only before TLS, and neither after login.
 */

import { SASL_MECHANISMS } from './protocol/sasl.ts';
import type { Pop3Session } from './session.ts';
import type { Pop3User } from './storage.ts';

export function capabilities<U extends Pop3User>(session: Pop3Session<U>, settings: { implementation: string; loginDelaySeconds?: number }): string[] {
  const list = ['TOP', 'UIDL'];
  const authorization = session.state === 'authorization';
  if (authorization && session.authAllowed) list.push('USER', `SASL ${SASL_MECHANISMS.join(' ')}`);
  list.push('RESP-CODES', 'AUTH-RESP-CODE', 'PIPELINING', 'EXPIRE NEVER');
  if (settings.loginDelaySeconds) list.push(`LOGIN-DELAY ${settings.loginDelaySeconds}`);
  if (authorization && session.stlsOffered) list.push('STLS');
  list.push(`IMPLEMENTATION ${settings.implementation}`);
  return list;
}
