import { NextIntlClientProvider } from 'next-intl';
import { getMessages } from 'next-intl/server';
import type { ReactNode } from 'react';
import { CLIENT_NAMESPACES, type ClientArea } from '@/messages/client-namespaces.ts';

/** The translations the client components of one part of the app need, and only those (messages/client-namespaces.ts). */
export async function ClientMessages({ area, children }: { area: ClientArea; children: ReactNode }) {
  const all = (await getMessages()) as Record<string, unknown>;
  const messages = Object.fromEntries(CLIENT_NAMESPACES[area].map((namespace) => [namespace, all[namespace]]));
  return <NextIntlClientProvider messages={messages as never}>{children}</NextIntlClientProvider>;
}
