import { isLoopback, type Logger } from '@kontor/core';
import type { LoginLimiter } from '@kontor/core/login-limiter';
import { loginFailures } from '@kontor/core/metrics';
import { authenticateMailbox, type Db } from '@kontor/db';
import type { SMTPServerAuthentication, SMTPServerAuthenticationResponse, SMTPServerSession } from 'smtp-server';
import { reject } from '../smtp/reply.ts';

/** Who is sending: set on the session by AUTH. */
export interface SubmissionUser {
  mailboxId: number;
  address: string;
}

/**
 * AUTH PLAIN / LOGIN against mailbox passwords (app passwords under 2FA),
 * through the login limiter IMAP and POP3 share: a failure answers 535
 * 5.7.8 after a growing delay; a blocked address or account gets 454 4.7.0
 * without its password being checked. Without TLS only loopback clients
 * may authenticate, and only with ALLOW_PLAINTEXT_AUTH_LOOPBACK.
 */
export function createSubmissionAuth(deps: { db: Db; loginLimiter: LoginLimiter; allowPlaintextLoopback: boolean; log: Logger }) {
  const { db, loginLimiter, log } = deps;
  return async function onAuth(auth: SMTPServerAuthentication, session: SMTPServerSession): Promise<SMTPServerAuthenticationResponse> {
    const ip = session.remoteAddress;
    if (!session.secure && !(deps.allowPlaintextLoopback && isLoopback(ip))) {
      throw reject(538, '5.7.11', 'Encryption required: use STARTTLS (or port 465) before AUTH');
    }
    const username = (auth.username ?? '').trim();
    const verdict = await loginLimiter.check(ip, username).catch((error: unknown) => {
      log.warn({ err: error }, 'login limiter unavailable; allowing the attempt');
      return { allowed: true, retryAfterMs: 0 };
    });
    if (!verdict.allowed) {
      log.warn({ event: 'login-blocked', ip, username, service: 'submission' }, 'submission login blocked');
      throw reject(454, '4.7.0', `Too many failed logins; try again in ${Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000))} minute(s)`);
    }
    const mailbox = await authenticateMailbox(db, username, auth.password ?? '', { protocol: 'smtp', ip });
    if (!mailbox) {
      const { delayMs } = await loginLimiter.recordFailure(ip, username).catch(() => ({ delayMs: 1000 }));
      log.info({ event: 'login-failed', ip, username, service: 'submission' }, 'submission login failed');
      loginFailures.inc({ protocol: 'submission' });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      throw reject(535, '5.7.8', 'Authentication credentials invalid');
    }
    await loginLimiter.recordSuccess(ip, username).catch(() => undefined);
    const user: SubmissionUser = { mailboxId: mailbox.mailboxId, address: mailbox.address };
    return { user };
  };
}
