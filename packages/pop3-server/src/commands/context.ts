/** What every command handler is given. */
import type { Logger } from '@kontor/core';
import type { Pop3Session } from '../session.ts';
import type { LoginDelay, LoginGuard, MaildropLocks, Pop3Authenticator, Pop3Storage, Pop3User } from '../storage.ts';

/** The server's collaborators and settings, resolved from Pop3ServerOptions. */
export interface ServerServices<U extends Pop3User> {
  hostname: string;
  implementation: string;
  auth: Pop3Authenticator<U>;
  storage: Pop3Storage<U>;
  locks: MaildropLocks<U>;
  loginGuard?: LoginGuard;
  loginDelay?: LoginDelay<U>;
  log: Logger;
  /** Waits `ms` (the failed-login delay); replaceable in tests. */
  sleep(ms: number): Promise<void>;
}

export interface CommandContext<U extends Pop3User> {
  session: Pop3Session<U>;
  server: ServerServices<U>;
  /**
   * SASL exchange (AUTH): sends `+ challenge` and returns the client's next
   * line, or null when the connection ended (or the line was too long, in
   * which case the connection has answered and is closing).
   */
  exchange(challenge: string): Promise<string | null>;
}
