import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/client-messages.tsx';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { SettingsTabs } from './_components/settings-tabs.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmailSettings');
  return { title: t('metaTitle') };
}

/** The settings inside the webmail frame: their own scrolling column, a title with the address, the section tabs. */
export default async function WebmailSettingsLayout({ children }: { children: ReactNode }) {
  const user = await requireMailUser();
  const t = await getTranslations('webmailSettings');
  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50" data-testid="webmail-settings">
      <div className="mx-auto max-w-5xl px-4 py-5 sm:px-6 sm:py-6">
        <div className="mb-4 flex flex-wrap items-end justify-between gap-x-4 gap-y-2">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('title')}</h1>
            <p className="mt-0.5 truncate text-sm text-slate-600" data-testid="settings-address">
              {user.actor.address}
            </p>
          </div>
          <Link href="/webmail" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
            ← {t('backToMail')}
          </Link>
        </div>
        <ClientMessages area="webmailSettings">
          <SettingsTabs />
          <div className="mt-6 flex flex-col gap-6">{children}</div>
        </ClientMessages>
      </div>
    </div>
  );
}
