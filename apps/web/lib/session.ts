import 'server-only';
import { NotFoundError } from '@kontor/core';
import { type Actor, adminTwoFactorGate, sessionActor } from '@kontor/db';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServerSession, type Session } from 'next-auth';
import { cache } from 'react';
import { authOptions } from './auth.ts';
import { clientIp } from './client-ip.ts';
import { getDb } from './db.ts';

export interface SignedIn {
  actor: Actor;
  user: Session['user'];
  superadmin: boolean;
  /** The same cookie also holds a webmail sign-in (an admin's own mailbox): the header links to it. */
  mailbox: { id: number; address: string } | null;
  /** 2FA required for every admin, this admin's 2FA on, and so: only the setup may be reached. */
  twoFactor: { required: boolean; enabled: boolean; mustEnrol: boolean };
}

/**
 * The signed-in administrator as an Actor for the data functions, or a
 * redirect to the sign-in page. The session row and the account are re-read
 * (once per request), so a signed-out session or a removed or switched-off
 * account stops at once. Where 2FA is required and this admin has none yet,
 * every page but the setup sends them to the setup (requireActor); the
 * setup itself uses requireSignedIn.
 */
export const requireActor = cache(async (): Promise<SignedIn> => {
  const signedIn = await requireSignedIn();
  if (signedIn.twoFactor.mustEnrol) redirect('/signin/two-factor');
  return signedIn;
});

/** Signed in, whether or not the required 2FA is set up yet: for the 2FA setup page and its actions only. */
export const requireSignedIn = cache(async (): Promise<SignedIn> => {
  const session = await getServerSession(authOptions);
  // A mailbox user's cookie (no admin in it) belongs in webmail.
  if (!session?.user?.id) redirect(session?.mailbox ? '/webmail' : '/signin');
  let actor: Actor;
  try {
    actor = await sessionActor(getDb(), { adminId: session.user.id, sessionId: session.user.sessionId, ip: clientIp(await headers()) });
  } catch (error) {
    if (error instanceof NotFoundError) redirect('/signin?error=SessionEnded');
    throw error;
  }
  const twoFactor = await adminTwoFactorGate(getDb(), session.user.id);
  return { actor, user: session.user, superadmin: actor.kind === 'superadmin', twoFactor, mailbox: session.mailbox ?? null };
});
