import 'server-only';
import { loginFailures } from '@kontor/core/metrics';
import { endAdminSession, endMailboxSession, signInAdmin, signInMailbox, startAdminSession, startMailboxSession } from '@kontor/db';
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { clientIp } from './client-ip.ts';
import { getDb } from './db.ts';
import { getLoginLimiter, TooManyAttemptsError } from './login-limiter.ts';
import { SIGN_IN_ERRORS } from './sign-in-errors.ts';
import { twoFactorOptions } from './two-factor.ts';
import { closeImapSession } from './webmail/imap-pool.ts';

// next-auth v4 builds its URLs from NEXTAUTH_URL. Kontor runs on whatever
// host and port it is given, so without one the request's Host (and
// X-Forwarded-Proto from a TLS proxy) decides, as AUTH_TRUST_HOST does.
if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= 'true';

/** Signed-in sessions last a working day; the account is re-read on every request anyway. */
const SESSION_MAX_AGE = 12 * 60 * 60;

export const authOptions: NextAuthOptions = {
  // Read per request by next-auth when unset here; AUTH_SECRET is Kontor's name for it.
  secret: process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE },
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
        // Sent on the second step, for an admin with 2FA on: an authenticator code or a recovery code.
        code: { label: 'Code', type: 'text' },
      },
      async authorize(credentials, req) {
        const email = credentials?.email?.trim() ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) return null;
        const ip = clientIp(req?.headers) ?? 'unknown';
        const limiter = getLoginLimiter();
        // The limiter fails open by itself while Redis is away (and logs the outage once).
        const verdict = await limiter.check(ip, email);
        if (!verdict.allowed) throw new TooManyAttemptsError(verdict.retryAfterMs);
        const userAgent = typeof req?.headers?.['user-agent'] === 'string' ? req.headers['user-agent'] : undefined;
        // The same form signs in administrators and mailbox users (and both, for an admin whose own mailbox has the same password).
        const admin = await signInAdmin(getDb(), { email, password, code: credentials?.code, ip }, twoFactorOptions());
        const mailbox =
          admin.outcome === 'refused' || admin.outcome === 'signed-in'
            ? await signInMailbox(getDb(), { email, password, code: admin.outcome === 'refused' ? credentials?.code : undefined, ip }, twoFactorOptions())
            : ({ outcome: 'refused' } as const);
        const signedIn = admin.outcome === 'signed-in' || mailbox.outcome === 'signed-in';
        if (!signedIn) {
          const outcome = admin.outcome !== 'refused' ? admin.outcome : mailbox.outcome;
          if (outcome === 'code-needed') throw new Error(SIGN_IN_ERRORS.codeNeeded);
          // A wrong code counts like a wrong password: the same limits stop guessing either.
          const { delayMs } = await limiter.recordFailure(ip, email).catch(() => ({ delayMs: 0 }));
          loginFailures.inc({ protocol: 'web' });
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (outcome === 'code-wrong') throw new Error(SIGN_IN_ERRORS.codeWrong);
          return null;
        }
        // Only both factors clear the failures: a known password alone must not reset the count of code guesses.
        await limiter.recordSuccess(ip, email).catch(() => undefined);
        const user: User = { id: '0', email, name: null };
        if (admin.outcome === 'signed-in') {
          const sessionId = await startAdminSession(getDb(), admin.admin.id, { ip, userAgent, maxAgeSeconds: SESSION_MAX_AGE });
          Object.assign(user, {
            id: String(admin.admin.id),
            email: admin.admin.email,
            name: admin.admin.displayName || null,
            role: admin.admin.role,
            sessionId,
          });
        }
        if (mailbox.outcome === 'signed-in') {
          const session = await startMailboxSession(getDb(), mailbox.mailbox.id, { ip, userAgent, maxAgeSeconds: SESSION_MAX_AGE });
          user.mailbox = { id: mailbox.mailbox.id, address: mailbox.mailbox.address, sessionId: session.id, secret: session.secret };
          if (admin.outcome !== 'signed-in') Object.assign(user, { email: mailbox.mailbox.address, name: mailbox.displayName || null });
        }
        return user;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        if (user.sessionId) {
          token.adminId = Number(user.id);
          token.role = user.role;
          token.sessionId = user.sessionId;
        }
        if (user.mailbox) token.mailbox = user.mailbox;
      }
      return token;
    },
    session({ session, token }) {
      session.user = {
        id: token.adminId ?? 0,
        email: token.email ?? '',
        name: token.name ?? null,
        role: token.role ?? 'DOMAIN_ADMIN',
        sessionId: token.sessionId,
      };
      if (token.mailbox) session.mailbox = { id: token.mailbox.id, address: token.mailbox.address };
      return session;
    },
  },
  events: {
    // The cookie is cleared by next-auth; the row is what makes a copied cookie useless.
    async signOut({ token }) {
      if (token?.sessionId) await endAdminSession(getDb(), token.sessionId, 'sign-out');
      if (token?.mailbox) {
        await endMailboxSession(getDb(), token.mailbox.sessionId, 'sign-out');
        closeImapSession(token.mailbox.sessionId);
      }
    },
  },
};
