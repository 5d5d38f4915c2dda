import { isTrustedSender } from '@kontor/db';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { getDb } from '@/lib/db.ts';
import type { MailUser } from '@/lib/webmail/mail-session.ts';
import { attachmentHref, rawHref, sourceHref } from '@/lib/webmail/reader-links.ts';
import type { RenderedMessage } from '@/lib/webmail/render/types.ts';
import { ReadingPaneAttachments } from './reading-pane-attachments.tsx';
import { ReadingPaneBody } from './reading-pane-body.tsx';
import { ReadingPaneHeader } from './reading-pane-header.tsx';

const detailLink = 'text-xs font-medium text-indigo-700 hover:text-indigo-500';

/**
 * A rendered message as the pane shows it: header, attachments, the
 * headers view and source links, the remote-content bar and the framed
 * body. `part` is set for an attached message (its ids are then relative
 * to that message). `rendered` comes from renderMessage without remote
 * content: its HTML is not used here (the frame route renders its own).
 */
export async function ReadingPaneView({
  user,
  message,
  path,
  uid,
  part,
  toolbar,
}: {
  user: MailUser;
  message: RenderedMessage;
  path: string;
  uid: number;
  part: string | null;
  toolbar?: ReactNode;
}) {
  const t = await getTranslations('webmailReader');
  const tw = await getTranslations('webmail');
  const sender = message.from.length === 1 ? (message.from[0]?.address ?? null) : null;
  const trusted = sender ? await isTrustedSender(getDb(), user.actor, sender) : false;
  const idFor = (id: string) => (part ? `${part}/message/${id}` : id);
  return (
    <article className="flex min-h-full flex-col" data-testid="reading-pane" data-uid={uid}>
      {toolbar && <div className="sticky top-0 z-10 border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur sm:px-6">{toolbar}</div>}
      <ReadingPaneHeader message={message} />
      <ReadingPaneAttachments path={path} uid={uid} attachments={message.attachments} idFor={idFor} />
      <details className="border-t border-slate-100 px-4 py-2 sm:px-6" data-testid="message-headers">
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-500 select-none">
          <span className="font-medium">{t('details.headers')}</span>
        </summary>
        <dl className="mt-2 max-h-80 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-relaxed text-slate-700">
          {message.headers.map((header, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one message, never reordered; the same value may repeat
            <div key={`${header.name}-${index}`} className="[overflow-wrap:anywhere]">
              <dt className="inline font-semibold text-slate-900">{header.name}:</dt> <dd className="inline">{header.value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-2 flex flex-wrap gap-4">
          {part ? (
            <a href={attachmentHref(path, uid, part)} className={detailLink}>
              {t('details.downloadEml')}
            </a>
          ) : (
            <>
              <Link href={sourceHref(path, uid)} className={detailLink} data-testid="view-source">
                {t('details.source')}
              </Link>
              <a href={rawHref(path, uid)} className={detailLink} data-testid="download-eml">
                {t('details.downloadEml')}
              </a>
            </>
          )}
        </p>
      </details>
      <ReadingPaneBody
        key={trusted ? 'trusted' : 'untrusted'}
        path={path}
        uid={uid}
        part={part}
        subject={message.subject || tw('noSubject')}
        sender={sender}
        hasRemoteContent={message.remoteContentBlocked}
        trusted={trusted}
      />
    </article>
  );
}
