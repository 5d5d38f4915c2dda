import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  interface Session {
    user: { id: number; email: string; role: 'SUPERADMIN' | 'DOMAIN_ADMIN'; sessionId?: string } & DefaultSession['user'];
  }
  interface User {
    role?: 'SUPERADMIN' | 'DOMAIN_ADMIN';
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    adminId?: number;
    role?: 'SUPERADMIN' | 'DOMAIN_ADMIN';
    /** The AdminSession row this cookie stands for. */
    sessionId?: string;
  }
}
