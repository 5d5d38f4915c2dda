/**
 * The one TLS policy of every Kontor listener (SMTP and submission
 * STARTTLS, SMTPS, IMAP STARTTLS/IMAPS, POP3 STLS/POP3S): Mozilla's
 * "intermediate" profile without the DHE suites (no DH parameters to
 * manage). TLS 1.2 gets AEAD suites with forward secrecy only, TLS 1.3
 * its standard suites; the server picks the suite; a client may not
 * renegotiate (a TLS 1.2 renegotiation costs the server a full handshake,
 * a cheap DoS). See docs/running.md, "TLS".
 */
import { constants } from 'node:crypto';
import type net from 'node:net';
import tls from 'node:tls';

/** TLS 1.2 suites, in the server's order of preference (OpenSSL names). */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

/** TLS 1.3 suites (all of them are AEAD). */
export const TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'] as const;

/** The options every server-side SecureContext is made with, certificate aside. */
export const TLS_POLICY = {
  minVersion: 'TLSv1.2',
  ciphers: [...TLS13_CIPHERS, ...TLS12_CIPHERS].join(':'),
  honorCipherOrder: true,
  ecdhCurve: 'X25519:prime256v1:secp384r1',
  // OpenSSL refuses renegotiation itself (no_renegotiation alert): this
  // holds for every socket made with the context, including STARTTLS
  // upgrades done inside protocol libraries.
  secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
} as const satisfies tls.SecureContextOptions;

export interface CertificatePair {
  key: string | Buffer;
  cert: string | Buffer;
}

/** A server SecureContext under TLS_POLICY; throws when the key does not fit the certificate or either is unreadable. */
export function createPolicySecureContext(pair: CertificatePair): tls.SecureContext {
  return tls.createSecureContext({ ...TLS_POLICY, key: pair.key, cert: pair.cert });
}

/**
 * Picks the context for the name a client asks for (SNI, RFC 6066 section 3):
 * each automatic certificate covers its own names. Answering with no context
 * keeps the default one.
 */
export type SniCallback = (servername: string, callback: (error: Error | null, context?: tls.SecureContext) => void) => void;

/**
 * Server side of TLS on an accepted socket (implicit TLS, or STARTTLS
 * after the reply). Renegotiation is refused by the context already;
 * disabling it on the socket too turns an attempt into an error that
 * ends the connection.
 */
export function secureServerSocket(socket: net.Socket, secureContext: tls.SecureContext, sniCallback?: SniCallback): tls.TLSSocket {
  const secured = new tls.TLSSocket(socket, { isServer: true, secureContext, ...(sniCallback ? { SNICallback: sniCallback } : {}) });
  secured.once('secure', () => secured.disableRenegotiation());
  return secured;
}
