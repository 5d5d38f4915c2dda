'use server';

import { isLocale } from '@kontor/core';
import { sessionActor, setAdminLocale } from '@kontor/db';
import { cookies } from 'next/headers';
import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth.ts';
import { getDb } from '@/lib/db.ts';
import { LOCALE_COOKIE } from '@/lib/locale.ts';

/** Switches the panel's language: on this browser, and for the signed-in admin wherever they sign in. */
export async function chooseLocale(formData: FormData): Promise<void> {
  const locale = formData.get('locale');
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', httpOnly: true });
  const session = await getServerSession(authOptions);
  if (session?.user?.id) {
    const db = getDb();
    // An ended session keeps the cookie's choice only.
    const actor = await sessionActor(db, { adminId: session.user.id, sessionId: session.user.sessionId }).catch(() => null);
    if (actor) await setAdminLocale(db, actor, locale);
  }
}
