import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function NotFoundMessage() {
  const t = useTranslations('notFound');
  return (
    <div className="mx-auto flex min-h-[50vh] max-w-md flex-col items-center justify-center px-6 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">{t('title')}</h1>
      <p className="mt-2 text-sm text-slate-600">{t('text')}</p>
      <Link href="/" className="mt-6 text-sm font-medium text-indigo-600 hover:text-indigo-500">
        {t('back')}
      </Link>
    </div>
  );
}
