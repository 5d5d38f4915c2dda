import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { getTranslations } from 'next-intl/server';
import { LocaleSwitcher } from '@/components/locale-switcher.tsx';
import { authOptions } from '@/lib/auth.ts';
import { retryMinutesOf, SIGN_IN_ERRORS } from '@/lib/sign-in-errors.ts';
import { SignInForm } from './sign-in-form.tsx';
import { SignInFrame } from './sign-in-frame.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('signin');
  return { title: t('metaTitle') };
}
export const dynamic = 'force-dynamic';

/** Only paths inside the panel may be returned to after signing in. */
function safeCallback(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url?.startsWith('/') && !url.startsWith('//') && !url.startsWith('/signin') ? url : '/';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const t = await getTranslations('signin');
  const error = typeof params.error === 'string' ? params.error : undefined;
  // Already signed in: straight on (unless the panel just sent us here because the account stopped).
  const session = error ? null : await getServerSession(authOptions);
  if (session?.user?.id) redirect(safeCallback(params.callbackUrl));
  if (session?.mailbox) redirect('/webmail');
  // next-auth sends its own errors here as ?error= (pages.error), the panel an ended session.
  const minutes = retryMinutesOf(error);
  const notice = !error
    ? undefined
    : error === 'SessionEnded'
      ? t('errors.sessionEnded')
      : error === SIGN_IN_ERRORS.refused
        ? t('errors.refused')
        : minutes !== null
          ? t('errors.tooMany', { minutes })
          : t('errors.failed');
  return (
    <SignInFrame title={t('title')} subtitle={t('subtitle')} corner={<LocaleSwitcher />}>
      <SignInForm callbackUrl={safeCallback(params.callbackUrl)} notice={notice} />
    </SignInFrame>
  );
}
