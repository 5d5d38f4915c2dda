/**
 * The end of every login (PASS, AUTH PLAIN, AUTH LOGIN): limiter check,
 * password check with the limiter's delay on failure, maildrop lock,
 * LOGIN-DELAY, then the maildrop snapshot. On any refusal the session
 * stays in AUTHORIZATION and holds nothing.
 */
import { MaildropView } from '../maildrop-view.ts';
import { err, ok, type Reply } from '../protocol/replies.ts';
import { MaildropUnavailableError, type Pop3User } from '../storage.ts';
import type { CommandContext } from './context.ts';

export async function login<U extends Pop3User>(context: CommandContext<U>, username: string, password: string): Promise<Reply> {
  const { session, server } = context;
  const ip = session.client.address;
  session.pendingUser = undefined;

  const verdict = await server.loginGuard?.check(ip, username);
  if (verdict && !verdict.allowed) {
    const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
    server.log.warn({ ip, user: username }, 'pop3 login refused: too many failures');
    return err(`Too many failed logins from your address; try again in ${seconds} seconds`, 'SYS/TEMP');
  }

  const user = await server.auth.authenticate(username, password, session.client);
  if (!user) {
    const failure = await server.loginGuard?.recordFailure(ip, username);
    if (failure?.delayMs) await server.sleep(failure.delayMs);
    server.log.warn({ ip, user: username, secure: session.client.secure }, 'pop3 login failed');
    return err('Invalid user name or password', 'AUTH');
  }
  await server.loginGuard?.recordSuccess(ip, username);
  if (session.closed) return err('Connection closed');

  const lock = await server.locks.acquire(user);
  if (!lock) {
    server.log.info({ ip, user: user.username }, 'pop3 maildrop in use');
    return err('Maildrop is in use by another session; try again later', 'IN-USE');
  }
  if (session.closed) {
    await lock.release().catch(() => {});
    return err('Connection closed');
  }
  // Held by the session from here, so a disconnect releases it.
  session.lock = lock;

  if (server.loginDelay && !(await server.loginDelay.claim(user))) {
    await session.releaseLock();
    return err(`Logged in less than ${server.loginDelay.seconds} seconds ago; try again later`, 'LOGIN-DELAY');
  }

  let view: MaildropView;
  try {
    view = new MaildropView(await server.storage.openMaildrop(user));
  } catch (error) {
    await session.releaseLock();
    if (error instanceof MaildropUnavailableError) return err(error.message, 'SYS/PERM');
    server.log.error({ err: error, user: user.username }, 'pop3 could not open maildrop');
    return err('The maildrop cannot be opened now; try again later', 'SYS/TEMP');
  }
  session.enterTransaction(user, view);
  const { count, octets } = view.stat();
  server.log.info({ ip, user: user.username, secure: session.client.secure, messages: count }, 'pop3 login');
  return ok(`${user.username} has ${count} ${count === 1 ? 'message' : 'messages'} (${octets} octets)`);
}
