import type { Config } from '@kontor/core';

/** POP3 settings beyond the shared ones (ports, BIND_ADDRESS, MAIL_HOSTNAME, ALLOW_PLAINTEXT_AUTH_LOOPBACK). */
export interface Pop3Settings {
  lockLeaseMs: number;
  loginDelaySeconds: number;
}

export function pop3Settings(config: Config): Pop3Settings {
  return { lockLeaseMs: config.POP3_LOCK_LEASE_MS, loginDelaySeconds: config.POP3_LOGIN_DELAY_SECONDS };
}
