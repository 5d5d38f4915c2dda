import 'server-only';
import { type MailboxActor, mailboxSessionActor, webSessionCredential } from '@kontor/db';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getToken } from 'next-auth/jwt';
import { cache } from 'react';
import { clientIp } from '../client-ip.ts';
import { getDb } from '../db.ts';
import { closeImapSession, type ImapLogin } from './imap-pool.ts';

export interface MailUser {
  actor: MailboxActor;
  /** For withImap and submission: this session's own login, never the user's password. */
  imap: ImapLogin;
  sessionId: string;
  /** The same cookie also holds an admin sign-in: the header offers the switch to the panel. */
  admin: boolean;
}

/**
 * The webmail user's session from the encrypted cookie. The session id and
 * secret are read server-side with getToken (the browser's session object
 * never holds the secret).
 */
async function cookieToken() {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  const jar = await cookies();
  const req = { headers: Object.fromEntries((await headers()).entries()), cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])) };
  // The cookie is __Secure- prefixed when the app is reached over HTTPS.
  return (await getToken({ req: req as never, secret, secureCookie: true })) ?? (await getToken({ req: req as never, secret, secureCookie: false }));
}

/**
 * The signed-in mailbox user of this request, re-read once per request: the
 * session row, the mailbox and its domain, so a sign-out elsewhere, a
 * password reset or a disabled mailbox stops the next request. `admin-only`:
 * the cookie holds an administrator and no mailbox.
 */
export const currentMailUser = cache(async (): Promise<MailUser | 'admin-only' | null> => {
  const token = await cookieToken();
  if (!token?.mailbox) return token?.adminId ? 'admin-only' : null;
  const { mailbox } = token;
  const actor = await mailboxSessionActor(getDb(), { mailboxId: mailbox.id, sessionId: mailbox.sessionId, ip: clientIp(await headers()) });
  if (!actor) {
    closeImapSession(mailbox.sessionId);
    return null;
  }
  return {
    actor,
    imap: {
      sessionId: mailbox.sessionId,
      mailboxId: actor.id,
      address: actor.address,
      credential: webSessionCredential({ id: mailbox.sessionId, secret: mailbox.secret }),
    },
    sessionId: mailbox.sessionId,
    admin: Boolean(token.adminId && token.sessionId),
  };
});

/** The signed-in mailbox user, or a redirect: to the panel for an admin-only cookie, else to the sign-in page. */
export async function requireMailUser(): Promise<MailUser> {
  const user = await currentMailUser();
  if (user === 'admin-only') redirect('/');
  if (!user) {
    // A cookie whose session was ended (signed out elsewhere, a new password): the sign-in page would send it straight back here.
    const ended = Boolean((await cookieToken())?.mailbox);
    redirect(ended ? '/signin?error=SessionEnded&callbackUrl=%2Fwebmail' : '/signin?callbackUrl=%2Fwebmail');
  }
  return user;
}
