import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { cx } from '@/components/ui.tsx';
import { folderHref } from '@/lib/webmail/folder-path.ts';
import type { MailAddress, MessagePage } from '@/lib/webmail/message-list.ts';

function who(list: MailAddress[]): string {
  return list.map((entry) => entry.name || entry.address).join(', ');
}

/** One page of a folder: sender (recipient in Sent and Drafts), subject, date, unread/flag/attachment marks. */
export async function MessageList({ page, selected, showRecipients }: { page: MessagePage; selected?: number; showRecipients: boolean }) {
  const t = await getTranslations('webmail');
  const format = await getFormatter();
  if (page.rows.length === 0) return <p className="p-6 text-sm text-slate-500">{t('emptyFolder')}</p>;
  return (
    <ul aria-label={t('list.label')} className="divide-y divide-slate-100" data-testid="message-list">
      {page.rows.map((row) => {
        const people = who(showRecipients ? row.to : row.from) || t('unknownSender');
        return (
          <li key={row.uid}>
            <Link
              href={folderHref(page.path, { m: row.uid, page: page.page > 1 ? page.page : undefined })}
              data-uid={row.uid}
              data-seen={row.seen}
              aria-current={selected === row.uid ? 'true' : undefined}
              className={cx('block px-4 py-2.5 hover:bg-slate-50', selected === row.uid && 'bg-indigo-50 hover:bg-indigo-50')}
            >
              <div className="flex items-baseline gap-2">
                {!row.seen && <span className="size-2 shrink-0 rounded-full bg-indigo-600" title={t('list.unreadMark')} />}
                <span className={cx('min-w-0 flex-1 truncate text-sm', row.seen ? 'text-slate-700' : 'font-semibold text-slate-900')}>{people}</span>
                {row.hasAttachment && (
                  <span title={t('list.attachment')} className="text-slate-400">
                    <span aria-hidden="true">📎</span>
                    <span className="sr-only">{t('list.attachment')}</span>
                  </span>
                )}
                {row.flagged && (
                  <span title={t('list.flagged')} className="text-amber-500">
                    <span aria-hidden="true">★</span>
                    <span className="sr-only">{t('list.flagged')}</span>
                  </span>
                )}
                {row.date && (
                  <time className="shrink-0 text-xs text-slate-500 tabular-nums" dateTime={row.date}>
                    {format.dateTime(new Date(row.date), { dateStyle: 'short', timeStyle: 'short' })}
                  </time>
                )}
              </div>
              <p className={cx('truncate text-sm', row.seen ? 'text-slate-500' : 'font-medium text-slate-800')} data-testid="subject">
                {row.subject || t('noSubject')}
              </p>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
