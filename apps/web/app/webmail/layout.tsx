import { TemporarilyUnavailableError } from '@kontor/core';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/client-messages.tsx';
import { LocaleSwitcher } from '@/components/locale-switcher.tsx';
import { Logo } from '@/components/logo.tsx';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import { Alert, buttonClass } from '@/components/ui.tsx';
import { listFolders, type MailFolder } from '@/lib/webmail/folders.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { FolderTree } from './_components/folder-tree.tsx';
import { LiveUpdates } from './_components/live-updates.tsx';

export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('webmail');
  return { title: t('metaTitle') };
}

/** The webmail frame: header, the folder tree beside (desktop) or in a menu (phone), the live stream. */
export default async function WebmailLayout({ children }: { children: ReactNode }) {
  const user = await requireMailUser();
  const t = await getTranslations('webmail');
  let folders: MailFolder[] | null = null;
  try {
    folders = await listFolders(user.imap);
  } catch (error) {
    if (!(error instanceof TemporarilyUnavailableError)) throw error;
  }
  const tree = folders ? <FolderTree folders={folders} /> : <Alert tone="amber">{t('unavailable')}</Alert>;
  return (
    <ClientMessages area="webmail">
      <div className="flex h-dvh flex-col bg-white">
        <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-3 sm:px-4">
          <details className="relative md:hidden" data-testid="folder-menu">
            <summary className="cursor-pointer list-none rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300">
              {t('folderMenu')}
            </summary>
            <div className="absolute top-10 left-0 z-30 max-h-[70dvh] w-64 overflow-y-auto rounded-lg bg-white p-2 shadow-lg ring-1 ring-slate-200">
              {tree}
              <div className="mt-3 flex items-center justify-between gap-2 border-t border-slate-100 pt-3 sm:hidden">
                <LocaleSwitcher />
                <SignOutButton />
              </div>
            </div>
          </details>
          <Link href="/webmail" className="flex min-w-0 items-center gap-2">
            <Logo className="size-7 shrink-0" />
            <span className="hidden font-semibold tracking-tight sm:inline">{t('appName')}</span>
          </Link>
          <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
            <LiveUpdates />
            <span className="hidden truncate text-sm text-slate-600 lg:inline" data-testid="signed-in-as">
              {user.actor.address}
            </span>
            {user.admin && (
              <Link href="/" className={buttonClass.secondary}>
                {t('toPanel')}
              </Link>
            )}
            <Link href="/webmail/settings" className={buttonClass.secondary}>
              {t('settings')}
            </Link>
            <LocaleSwitcher className="hidden sm:flex" />
            <div className="hidden sm:block">
              <SignOutButton />
            </div>
          </div>
        </header>
        <div className="flex min-h-0 flex-1">
          <aside className="hidden w-60 shrink-0 overflow-y-auto border-r border-slate-200 p-3 md:block">{tree}</aside>
          <main className="flex min-w-0 flex-1 flex-col">{children}</main>
        </div>
      </div>
    </ClientMessages>
  );
}
