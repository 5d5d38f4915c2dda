import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { Alert } from '@/components/ui.tsx';
import { folderHref } from '@/lib/webmail/folder-path.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { messageRef } from '@/lib/webmail/message-source.ts';
import { type OpenedMessage, openRenderedMessage } from '@/lib/webmail/rendered-messages.ts';
import { ReadingPaneView } from '../../../../_components/reading-pane-view.tsx';

export const dynamic = 'force-dynamic';

/** A message/rfc822 attachment (`?part=<attachment id>`) shown as a message of its own, rendered the same way. */
export default async function AttachedMessagePage({
  params,
  searchParams,
}: {
  params: Promise<{ folder: string; uid: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireMailUser();
  const { folder, uid } = await params;
  const ref = messageRef(folder, uid);
  const part = (await searchParams).part;
  if (!ref || typeof part !== 'string' || !part) notFound();
  const t = await getTranslations('webmailReader.attached');
  let opened: OpenedMessage | null;
  try {
    opened = await openRenderedMessage(user, ref, { part, allowRemote: false, markSeen: false });
  } catch (error) {
    const failure = imapFailure(error);
    if (failure === 'notFound') notFound();
    if (failure !== 'unavailable') throw error;
    return <Alert tone="amber">{(await getTranslations('webmail'))('unavailable')}</Alert>;
  }
  if (!opened) notFound();
  const message = opened.rendered;
  return (
    <div className="min-h-0 flex-1 overflow-y-auto" data-testid="attached-message">
      <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2 text-sm sm:px-6">
        <Link href={folderHref(ref.path, { m: ref.uid })} className="text-indigo-700 hover:text-indigo-500" data-testid="attached-back">
          ← {t('back')}
        </Link>
        <span className="text-slate-400">·</span>
        <span className="font-medium text-slate-600">{t('title')}</span>
      </div>
      <ReadingPaneView user={user} message={message} path={ref.path} uid={ref.uid} part={part} />
    </div>
  );
}
