import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    /** id: the admin's id, 0 when only a mailbox user is signed in (then `mailbox` is set). */
    user: { id: number; email: string; role: 'SUPERADMIN' | 'DOMAIN_ADMIN'; sessionId?: string } & DefaultSession['user'];
    /** The webmail user of this cookie, if any (never its secret: this object reaches the browser). */
    mailbox?: { id: number; address: string };
  }
  interface User {
    role?: 'SUPERADMIN' | 'DOMAIN_ADMIN';
    sessionId?: string;
    /** Set when the sign-in opened a webmail session. */
    mailbox?: { id: number; address: string; sessionId: string; secret: string };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    adminId?: number;
    role?: 'SUPERADMIN' | 'DOMAIN_ADMIN';
    /** The AdminSession row this cookie stands for. */
    sessionId?: string;
    /** The MailboxSession row and its secret (the cookie is encrypted; the secret never leaves the server). */
    mailbox?: { id: number; address: string; sessionId: string; secret: string };
  }
}
