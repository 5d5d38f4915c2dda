import { ok, type Reply } from '../protocol/replies.ts';

/** STLS (RFC 2595 §4): the connection starts the handshake after this reply and drops anything pipelined behind it. */
export function stls(): Reply {
  return ok('Begin TLS negotiation', { then: 'starttls' });
}
