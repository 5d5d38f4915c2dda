import { cookies } from 'next/headers';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Alert, cx } from '@/components/ui.tsx';
import { folderFromSlug, folderHref } from '@/lib/webmail/folder-path.ts';
import { listFolders, type MailFolder } from '@/lib/webmail/folders.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { LIST_ORDER_COOKIE, parseListOrder, serializeListOrder } from '@/lib/webmail/list-order.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { listMessages, type MessagePage } from '@/lib/webmail/message-list.ts';
import { MessageList } from '../../_components/message-list.tsx';
import { ListOrderControls, QuickSearch } from '../../_components/message-list-header.tsx';
import { ReadingPane } from '../../_components/reading-pane.tsx';

export const dynamic = 'force-dynamic';

function positiveInt(value: string | string[] | undefined): number | undefined {
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/**
 * A folder: the message list in the user's order (cookie), and beside it
 * (desktop) or instead of it (phone) the open message, named by ?m=<uid>.
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
  const uid = positiveInt((await searchParams).m);
  const order = parseListOrder((await cookies()).get(LIST_ORDER_COOKIE)?.value);
  const t = await getTranslations('webmail');
  const tl = await getTranslations('webmailList');
  let page: MessagePage;
  let folders: MailFolder[];
  try {
    [page, folders] = await Promise.all([listMessages(user.imap, path, { order }), listFolders(user.imap)]);
  } catch (error) {
    const failure = imapFailure(error);
    if (failure === 'unavailable') return <Alert tone="amber">{t('unavailable')}</Alert>;
    if (failure === 'notFound') return <Alert tone="amber">{t('folderNotFound')}</Alert>;
    throw error;
  }
  const folder = folders.find((entry) => entry.path === path);
  const role = folder?.role ?? null;
  const label = role ? t(`roles.${role}`) : (folder?.name ?? path);
  const title = (
    <div className="flex min-w-0 items-baseline gap-2">
      <h1 className="truncate text-sm font-semibold text-slate-900">{label}</h1>
      <span className="shrink-0 text-xs text-slate-500 tabular-nums" data-testid="list-total">
        {order.threads ? tl('conversationCount', { count: page.total }) : tl('count', { count: page.total })}
      </span>
    </div>
  );
  return (
    <div className="flex min-h-0 flex-1">
      <section className={cx('flex min-h-0 w-full min-w-0 flex-col border-r border-slate-200 lg:w-[27rem] lg:shrink-0', uid !== undefined && 'hidden lg:flex')}>
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-2 py-2">
          <QuickSearch />
          <ListOrderControls order={order} />
        </div>
        <MessageList
          key={`${path}\u0000${serializeListOrder(order)}`}
          source={{ kind: 'folder', path, order: serializeListOrder(order) }}
          snapshot={{ rows: page.rows, total: page.total, pageSize: page.pageSize }}
          open={uid ? { path, uid } : null}
          folders={folders}
          role={role}
          path={path}
          showRecipients={role === 'sent' || role === 'drafts'}
          now={new Date().toISOString()}
          title={title}
          empty={t('emptyFolder')}
        />
      </section>
      <section className={cx('min-h-0 min-w-0 flex-1 overflow-y-auto', uid === undefined && 'hidden lg:block')}>
        {uid ? (
          <>
            <Link href={folderHref(path)} className="block border-b border-slate-100 px-4 py-2 text-sm text-indigo-700 lg:hidden" data-testid="back-to-list">
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
