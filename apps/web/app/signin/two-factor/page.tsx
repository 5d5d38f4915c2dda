import { adminTwoFactorStatus, pendingAdminTotp } from '@kontor/db';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { TwoFactorSection } from '@/app/(panel)/account/two-factor-section.tsx';
import { LocaleSwitcher } from '@/components/locale-switcher.tsx';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import { getDb } from '@/lib/db.ts';
import { requireSignedIn } from '@/lib/session.ts';
import { enrolmentView, twoFactorOptions } from '@/lib/two-factor.ts';
import { SignInFrame } from '../sign-in-frame.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signin.enrol');
  return { title: t('metaTitle') };
}
export const dynamic = 'force-dynamic';

/**
 * Where an admin lands while 2FA is required and not yet on: the only page
 * they may reach (lib/session.ts sends every other one here). Outside the
 * panel's layout, so the setup does not depend on what the panel shows.
 */
export default async function RequiredTwoFactorPage() {
  const { actor, user, twoFactor } = await requireSignedIn();
  // Nothing to do here unless 2FA is required (or was just turned on from here).
  if (!twoFactor.required && !twoFactor.enabled) redirect('/account#two-factor');
  const db = getDb();
  const [status, pending] = await Promise.all([adminTwoFactorStatus(db, actor, user.id), pendingAdminTotp(db, actor, twoFactorOptions())]);
  const t = await getTranslations('signin.enrol');
  const format = await getFormatter();
  return (
    <SignInFrame
      wide
      title={t('title')}
      subtitle={t('signedInAs', { email: user.email })}
      corner={
        <>
          <LocaleSwitcher />
          <SignOutButton />
        </>
      }
    >
      <div className="flex flex-col gap-5">
        {!status.enabled && <p className="text-sm text-slate-600">{t('intro')}</p>}
        <TwoFactorSection
          variant="required"
          status={{
            enabled: status.enabled,
            onSince: status.enabledAt ? format.dateTime(status.enabledAt, { dateStyle: 'medium' }) : undefined,
            codesLeft: status.recoveryCodesLeft,
            required: false,
          }}
          enrolment={await enrolmentView(pending)}
          email={user.email}
        />
      </div>
    </SignInFrame>
  );
}
