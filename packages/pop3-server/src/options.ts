/**
 * How a Pop3Server is set up: the storage/auth implementations it talks
 * to and the limits it applies. apps/maild fills this from RoleContext.
 */
import type tls from 'node:tls';
import type { Logger, SniCallback } from '@kontor/core';
import type { LoginDelay, LoginGuard, MaildropLocks, Pop3Authenticator, Pop3Storage, Pop3User } from './storage.ts';

export interface Pop3ServerOptions<U extends Pop3User> {
  /** Shown in the greeting and the sign-off. */
  hostname: string;
  auth: Pop3Authenticator<U>;
  storage: Pop3Storage<U>;
  locks: MaildropLocks<U>;
  loginGuard?: LoginGuard;
  /** RFC 2449 LOGIN-DELAY; unset: no delay, not advertised. */
  loginDelay?: LoginDelay<U>;
  /** Certificate and key for STLS; unset: STLS is not offered. Implicit TLS is the listener's job. */
  tls?: { key: Buffer | string; cert: Buffer | string };
  /** Instead of `tls`: the context for each STLS handshake, asked anew each time (a renewed certificate). */
  secureContext?: () => tls.SecureContext;
  /** With secureContext: picks a certificate by the name the client asks for (SNI). */
  sniCallback?: SniCallback;
  /** Allow USER/PASS and AUTH without TLS from 127.0.0.1 / ::1 (ALLOW_PLAINTEXT_AUTH_LOOPBACK). */
  allowPlaintextAuthFromLoopback?: boolean;
  /** Autologout timer (RFC 1939 §3: at least 10 minutes). Default 600 000 ms. */
  idleTimeoutMs?: number;
  /** Longest command line accepted; longer gets `-ERR` and the connection closes. Default 1024 (RFC 2449 says 255; leniency for clients). */
  maxLineLength?: number;
  /** Longest SASL response line (RFC 5034 lifts the 255 limit for them). Default 8192. */
  maxSaslLineLength?: number;
  log?: Logger;
  /** IMPLEMENTATION capability. Default "Kontor". */
  implementation?: string;
}

export const DEFAULTS = {
  idleTimeoutMs: 10 * 60_000,
  maxLineLength: 1024,
  maxSaslLineLength: 8192,
  implementation: 'Kontor',
} as const;
