import 'server-only';
import { endAdminSession, signInAdmin, startAdminSession } from '@kontor/db';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { clientIp } from './client-ip.ts';
import { getDb } from './db.ts';
import { getLoginLimiter, TooManyAttemptsError } from './login-limiter.ts';
import { SIGN_IN_ERRORS } from './sign-in-errors.ts';
import { twoFactorOptions } from './two-factor.ts';

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
        const result = await signInAdmin(getDb(), { email, password, code: credentials?.code, ip }, twoFactorOptions());
        if (result.outcome === 'code-needed') throw new Error(SIGN_IN_ERRORS.codeNeeded);
        if (result.outcome !== 'signed-in') {
          // A wrong code counts like a wrong password: the same limits stop guessing either.
          const { delayMs } = await limiter.recordFailure(ip, email).catch(() => ({ delayMs: 0 }));
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          if (result.outcome === 'code-wrong') throw new Error(SIGN_IN_ERRORS.codeWrong);
          return null;
        }
        // Only both factors clear the failures: a known password alone must not reset the count of code guesses.
        await limiter.recordSuccess(ip, email).catch(() => undefined);
        const { admin } = result;
        const userAgent = req?.headers?.['user-agent'];
        const sessionId = await startAdminSession(getDb(), admin.id, {
          ip,
          userAgent: typeof userAgent === 'string' ? userAgent : undefined,
          maxAgeSeconds: SESSION_MAX_AGE,
        });
        return { id: String(admin.id), email: admin.email, name: admin.displayName || null, role: admin.role, sessionId };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.adminId = Number(user.id);
        token.role = user.role;
        token.sessionId = user.sessionId;
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
      return session;
    },
  },
  events: {
    // The cookie is cleared by next-auth; the row is what makes a copied cookie useless.
    async signOut({ token }) {
      if (token?.sessionId) await endAdminSession(getDb(), token.sessionId, 'sign-out');
    },
  },
};
