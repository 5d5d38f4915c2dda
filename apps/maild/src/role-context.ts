import type { Config, Logger } from '@kontor/core';
import type { LoginLimiter } from '@kontor/core/login-limiter';
import type { Db } from '@kontor/db';
import type { MailStore } from '@kontor/mailstore';
import type { Redis } from 'ioredis';
import type { DnsResolver } from './dns/resolver.ts';
import type { TlsSource } from './tls/tls-source.ts';

/** What every role of maild (smtp, imap, pop3, workers) is started with. */
export interface RoleContext {
  config: Config;
  db: Db;
  store: MailStore;
  /** For queues (BullMQ): commands wait while Redis is away. */
  redis: Redis;
  /**
   * For what a client is waiting on (limiters, POP3 locks, \Recent): no
   * offline queue and a 1 s command timeout, so an outage is an answer, not a hang.
   */
  interactiveRedis: Redis;
  /** The certificate of every listener, reloaded when renewed. */
  tls: TlsSource;
  resolver: DnsResolver;
  /** Failed-login counting shared by IMAP, POP3 and submission (and across instances). */
  loginLimiter: LoginLimiter;
  /** Peers whose connections start with a PROXY header (PROXY_PROTOCOL_TRUSTED). */
  isTrustedProxy: (address: string | undefined) => boolean;
  log: Logger;
}

/** A listening socket server of a role. */
export interface Listener {
  name: string;
  port: number;
  close(): Promise<void>;
}
