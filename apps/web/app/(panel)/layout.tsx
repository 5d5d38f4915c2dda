import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { ClientMessages } from '@/components/client-messages.tsx';
import { DnsAlertBanner } from '@/components/dns-alert-banner.tsx';
import { LocaleSwitcher } from '@/components/locale-switcher.tsx';
import { Logo } from '@/components/logo.tsx';
import { MobileMenu, Nav } from '@/components/nav.tsx';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import { buttonClass } from '@/components/ui.tsx';
import { requireActor } from '@/lib/session.ts';

// Every panel page reads the session and the database per request.
export const dynamic = 'force-dynamic';

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const { user, superadmin, mailbox, actor } = await requireActor();
  const t = await getTranslations('common');
  return (
    <ClientMessages area="panel">
      <div className="flex min-h-screen">
        <aside className="hidden w-60 shrink-0 bg-slate-900 md:block">
          <div className="sticky top-0 flex h-screen flex-col px-4 py-5">
            <div className="mb-8 flex items-center gap-2.5 px-2">
              <Logo />
              <span className="text-lg font-semibold tracking-tight text-white">Kontor</span>
            </div>
            <Nav variant="sidebar" superadmin={superadmin} />
            <p className="mt-auto px-2 text-xs text-slate-500">{t('appDescription')}</p>
          </div>
        </aside>
        <div className="min-w-0 flex-1">
          <header className="sticky top-0 z-20 border-b border-slate-200 bg-white/90 backdrop-blur">
            <div className="flex h-16 items-center justify-between gap-3 px-4 sm:px-6 lg:px-8">
              <div className="flex min-w-0 items-center gap-2.5 md:hidden">
                <Logo className="size-7 shrink-0" />
                <span className="font-semibold tracking-tight">Kontor</span>
              </div>
              <div className="ml-auto flex min-w-0 items-center gap-2 sm:gap-3">
                <div className="hidden min-w-0 text-right sm:block">
                  <p className="truncate text-sm font-medium text-slate-900" data-testid="signed-in-as">
                    {user.email}
                  </p>
                  <p className="text-xs text-slate-500">{superadmin ? t('superadmin') : t('domainAdmin')}</p>
                </div>
                {mailbox && (
                  <Link href="/webmail" className={buttonClass.secondary} data-testid="to-webmail">
                    {t('toWebmail')}
                  </Link>
                )}
                <LocaleSwitcher />
                <div className="hidden sm:block">
                  <SignOutButton />
                </div>
                {/* Phones: who is signed in and "Sign out" move into the menu. */}
                <MobileMenu superadmin={superadmin}>
                  <div className="mt-4 flex items-center justify-between gap-3 border-t border-slate-100 pt-4 sm:hidden">
                    <div className="min-w-0">
                      <p className="truncate text-sm font-medium text-slate-900">{user.email}</p>
                      <p className="text-xs text-slate-500">{superadmin ? t('superadmin') : t('domainAdminShort')}</p>
                    </div>
                    <SignOutButton />
                  </div>
                </MobileMenu>
              </div>
            </div>
          </header>
          <main className="px-4 py-8 sm:px-6 lg:px-8">
            <div className="mx-auto max-w-6xl">
              <DnsAlertBanner actor={actor} />
              {children}
            </div>
          </main>
        </div>
      </div>
    </ClientMessages>
  );
}
