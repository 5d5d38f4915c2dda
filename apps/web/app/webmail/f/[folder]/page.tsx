import { TemporarilyUnavailableError } from '@kontor/core';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Alert, cx } from '@/components/ui.tsx';
import { folderFromSlug, folderHref } from '@/lib/webmail/folder-path.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { listMessages, type MessagePage } from '@/lib/webmail/message-list.ts';
import { MessageList } from '../../_components/message-list.tsx';
import { ReadingPane } from '../../_components/reading-pane.tsx';

export const dynamic = 'force-dynamic';

function positiveInt(value: string | string[] | undefined): number | undefined {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * A folder: the message list, and beside it (desktop) or instead of it
 * (phone) the open message, named by ?m=<uid>.
 */
export default async function FolderPage({
  params,
  searchParams,
}: {
  params: Promise<{ folder: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireMailUser();
  const path = folderFromSlug((await params).folder);
  if (!path) notFound();
  const query = await searchParams;
  const uid = positiveInt(query.m);
  const t = await getTranslations('webmail');
  let page: MessagePage;
  try {
    page = await listMessages(user.imap, path, { page: positiveInt(query.page) });
  } catch (error) {
    if (error instanceof TemporarilyUnavailableError) return <Alert tone="amber">{t('unavailable')}</Alert>;
    // imapflow: the server answered NO to SELECT (no such folder, or not this user's).
    if (error instanceof Error && /NO|nonexistent|not exist/i.test(error.message)) return <Alert tone="amber">{t('folderNotFound')}</Alert>;
    throw error;
  }
  const showRecipients = /^(sent|drafts)/i.test(path) || path.toLowerCase().includes('sent');
  return (
    <div className="flex min-h-0 flex-1">
      <section className={cx('min-h-0 w-full overflow-y-auto border-r border-slate-200 lg:w-96 lg:shrink-0', uid !== undefined && 'hidden lg:block')}>
        <MessageList page={page} selected={uid} showRecipients={showRecipients} />
      </section>
      <section className={cx('min-h-0 min-w-0 flex-1 overflow-y-auto', !uid !== undefined && 'hidden lg:block')}>
        {uid ? (
          <>
            <Link href={folderHref(path)} className="block border-b border-slate-100 px-4 py-2 text-sm text-indigo-700 lg:hidden">
              ← {t('backToList')}
            </Link>
            <ReadingPane user={user} path={path} uid={uid} />
          </>
        ) : (
          <p className="p-6 text-sm text-slate-500">{t('noMessageSelected')}</p>
        )}
      </section>
    </div>
  );
}
