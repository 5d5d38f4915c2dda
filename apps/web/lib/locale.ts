import 'server-only';
import { isLocale, type Locale, negotiateLocale } from '@kontor/core';
import { getAdminLocale } from '@kontor/db';
import { cookies, headers } from 'next/headers';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { authOptions } from './auth.ts';
import { getDb } from './db.ts';

/** Remembers the language chosen before signing in (and on this browser). */
export const LOCALE_COOKIE = 'kontor-locale';

/**
 * The language of this request: the signed-in admin's choice, else the
 * browser's earlier choice (cookie), else its Accept-Language.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const session = await getServerSession(authOptions).catch(() => null);
  if (session?.user?.id) {
    const chosen = await getAdminLocale(getDb(), session.user.id);
    if (chosen) return chosen;
  }
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get('accept-language'));
});

/** The zone panel times are shown in: the server's (TZ), as the admin's office usually is. */
export const PANEL_TIME_ZONE = process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone;
