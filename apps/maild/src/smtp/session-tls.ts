import type { SMTPServerSession } from 'smtp-server';

/**
 * The protocol and suite a session negotiated, for the Received header.
 * smtp-server stores `tlsSocket.getCipher()` in `session.tlsOptions`
 * (its typings call it TlsOptions), so the shape is checked here.
 */
export function negotiatedTls(session: SMTPServerSession): { protocol?: string; cipher?: string } {
  const cipher: unknown = session.tlsOptions;
  if (typeof cipher !== 'object' || cipher === null) return {};
  const version = 'version' in cipher && typeof cipher.version === 'string' ? cipher.version : undefined;
  const name = 'name' in cipher && typeof cipher.name === 'string' ? cipher.name : undefined;
  return { ...(version ? { protocol: version } : {}), ...(name ? { cipher: name } : {}) };
}
