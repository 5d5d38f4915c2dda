import type { ReactNode } from 'react';
import { Logo } from '@/components/logo.tsx';
import { cx } from '@/components/ui.tsx';

/** The sign-in look: logo and title over one card, the language menu in the corner. */
export function SignInFrame({
  title,
  subtitle,
  corner,
  wide,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  corner?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <main className="relative flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-16">
      {corner && <div className="absolute top-4 right-4 flex items-center gap-3">{corner}</div>}
      <div className={cx('w-full', wide ? 'max-w-2xl' : 'max-w-sm')}>
        <div className="mb-8 flex flex-col items-center text-center">
          <Logo className="size-12" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          {subtitle && <p className="mt-1 text-sm text-slate-500">{subtitle}</p>}
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">{children}</div>
      </div>
    </main>
  );
}
