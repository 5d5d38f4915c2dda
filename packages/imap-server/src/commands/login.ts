/**
 * LOGIN (RFC 3501 §6.2.3), and the password check AUTHENTICATE shares:
 *
 * 1. no password without TLS (`NO [PRIVACYREQUIRED]`), unless the client
 *    is on loopback and the server allows it;
 * 2. the throttle: an IP or account+IP with too many recent failures is
 *    refused without looking at the password;
 * 3. the password; a failure is counted and answered only after the
 *    throttle's growing delay (`NO [AUTHENTICATIONFAILED]`).
 */
import type { CommandHandler, Completion } from '../protocol/dispatcher.ts';
import type { Session } from '../server/session.ts';
import { no, ok } from './results.ts';

export const PRIVACY_REQUIRED: Completion = no('Use STARTTLS (or port 993) before sending a password', 'PRIVACYREQUIRED');

export async function logIn(session: Session, username: string, password: string): Promise<Completion> {
  if (!session.loginAllowed) return PRIVACY_REQUIRED;
  const { throttle, auth, log } = session.options;
  const ip = session.client.address;
  if (throttle) {
    let verdict: Awaited<ReturnType<typeof throttle.check>>;
    try {
      verdict = await throttle.check(ip, username);
    } catch (error) {
      log.error({ err: error }, 'IMAP login throttle unavailable');
      return no('Login is temporarily unavailable, try again later', 'UNAVAILABLE');
    }
    if (!verdict.allowed) {
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterMs / 60_000));
      log.warn({ client: ip, user: username }, 'IMAP login blocked after too many failures');
      return no(`Too many failed logins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, 'AUTHENTICATIONFAILED');
    }
  }
  const user = await auth.authenticate(username, password, { address: ip, secure: session.secure });
  if (!user) {
    log.info({ client: ip, user: username }, 'IMAP login failed');
    if (throttle) {
      const { delayMs } = await throttle.recordFailure(ip, username).catch(() => ({ delayMs: 1000 }));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    return no('Invalid user name or password', 'AUTHENTICATIONFAILED');
  }
  await throttle?.recordSuccess(ip, username).catch((error: unknown) => log.warn({ err: error }, 'IMAP login throttle reset failed'));
  session.authenticated(user);
  log.info({ client: ip, user: user.username }, 'IMAP login');
  return ok(`${user.username} logged in`, { code: 'CAPABILITY', capabilities: session.capabilities() });
}

export const login: CommandHandler<'LOGIN', Session> = ({ username, password }, { session }) => logIn(session, username, password);
