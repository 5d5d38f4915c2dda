import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { Logo } from '@/components/logo.tsx';
import { authOptions } from '@/lib/auth.ts';
import { SignInForm } from './sign-in-form.tsx';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

/** Only paths inside the panel may be returned to after signing in. */
function safeCallback(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url?.startsWith('/') && !url.startsWith('//') && !url.startsWith('/signin') ? url : '/';
}

const NOTICES: Record<string, string> = {
  SessionEnded: 'Your session has ended. Please sign in again.',
  CredentialsSignin: 'The email address or password is not correct.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const error = typeof params.error === 'string' ? params.error : undefined;
  const notice = error ? (NOTICES[error] ?? 'Signing in did not work. Please try again.') : undefined;
  // Already signed in: straight on (unless the panel just sent us here because the account stopped).
  if (!error && (await getServerSession(authOptions))?.user?.id) redirect(safeCallback(params.callbackUrl));
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-12" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">Sign in to Kontor</h1>
          <p className="mt-1 text-sm text-slate-500">Mail administration</p>
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
          <SignInForm callbackUrl={safeCallback(params.callbackUrl)} notice={notice} />
        </div>
      </div>
    </main>
  );
}
