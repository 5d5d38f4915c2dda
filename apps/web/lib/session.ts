import 'server-only';
import { NotFoundError } from '@kontor/core';
import { type Actor, adminActor } from '@kontor/db';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServerSession, type Session } from 'next-auth';
import { cache } from 'react';
import { authOptions } from './auth.ts';
import { getDb } from './db.ts';

export interface SignedIn {
  actor: Actor;
  user: Session['user'];
  superadmin: boolean;
}

/** The client's address: the first X-Forwarded-For hop from a proxy, else X-Real-IP. */
function clientIp(list: Headers): string | undefined {
  const forwarded = list.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || list.get('x-real-ip') || undefined;
}

/**
 * The signed-in administrator as an Actor for the data functions, or a
 * redirect to the sign-in page. The account is re-read (once per request),
 * so a removed or switched-off account stops at once.
 */
export const requireActor = cache(async (): Promise<SignedIn> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) redirect('/signin');
  let actor: Actor;
  try {
    actor = await adminActor(getDb(), session.user.id, clientIp(await headers()));
  } catch (error) {
    if (error instanceof NotFoundError) redirect('/signin?error=SessionEnded');
    throw error;
  }
  return { actor, user: session.user, superadmin: actor.kind === 'superadmin' };
});
