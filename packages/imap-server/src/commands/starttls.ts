/**
 * STARTTLS (RFC 3501 §6.2.1): OK, then the connection starts TLS on the
 * same socket and drops anything the client pipelined in plaintext
 * (server/connection.ts). Offered only before TLS and with a certificate.
 */
import type { CommandHandler } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { ok } from './results.ts';

export const starttls: CommandHandler<'STARTTLS', Session> = (_args, { session }) => {
  session.startTlsRequested = true;
  return ok('Begin TLS negotiation now');
};
