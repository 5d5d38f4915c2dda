'use client';

import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { DragEvent, MouseEvent } from 'react';
import { cx } from '@/components/ui.tsx';
import type { MailAddress, MessageRow } from '@/lib/webmail/message-list.ts';
import { ListIcon, type ListIconName } from './message-list-icons.tsx';

/** Every row has the same height, so the list can place rows it has not drawn (virtual scrolling). */
export const ROW_HEIGHT = 76;

function who(list: MailAddress[]): string {
  return list.map((entry) => entry.name || entry.address).join(', ');
}

function Mark({ label, icon, className }: { label: string; icon: ListIconName; className: string }) {
  return (
    <span title={label} className={cx('shrink-0', className)}>
      <ListIcon name={icon} filled={icon === 'flagged'} />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** Today: the time; this year: day and month; older: the date. */
function useShortDate(now: Date) {
  const format = useFormatter();
  return (iso: string) => {
    const date = new Date(iso);
    const sameDay = date.toDateString() === now.toDateString() && Math.abs(now.getTime() - date.getTime()) < 86_400_000;
    if (sameDay) return format.dateTime(date, { timeStyle: 'short' });
    if (date.getFullYear() === now.getFullYear()) return format.dateTime(date, { day: 'numeric', month: 'short' });
    return format.dateTime(date, { dateStyle: 'short' });
  };
}

export interface RowProps {
  row: MessageRow;
  href: string;
  depth: 0 | 1;
  now: Date;
  showRecipients: boolean;
  /** A search result names the folder it is in. */
  folderLabel?: string;
  checked: boolean;
  open: boolean;
  cursor: boolean;
  threadOpen: boolean;
  onCheck(event: MouseEvent<HTMLInputElement>): void;
  onToggleThread(): void;
  onDragStart(event: DragEvent<HTMLAnchorElement>): void;
}

/** One message (or conversation): checkbox, sender, marks, date, subject and the first words of the text. */
export function MessageListRow(props: RowProps) {
  const { row, depth, checked, open, cursor } = props;
  const t = useTranslations('webmailList');
  const tm = useTranslations('webmail');
  const shortDate = useShortDate(props.now);
  const people = who(props.showRecipients ? row.to : row.from) || tm('unknownSender');
  const subject = row.subject || tm('noSubject');
  const count = row.thread && row.thread.uids.length > 1 ? row.thread.uids.length : 0;
  return (
    <div
      data-testid="message-row"
      data-key={`${row.uid}@${row.path}`}
      data-cursor={cursor || undefined}
      data-depth={depth}
      className={cx(
        'flex h-full items-stretch border-b border-slate-100',
        open ? 'bg-indigo-50' : checked ? 'bg-sky-50' : 'bg-white hover:bg-slate-50',
        cursor && 'shadow-[inset_3px_0_0_0_var(--color-indigo-500)]',
      )}
    >
      <label className={cx('flex w-10 shrink-0 cursor-pointer items-start justify-center pt-2.5', depth === 1 && 'ml-6')}>
        <span className="sr-only">{row.thread ? t('row.selectThread', { subject }) : t('row.select', { from: people, subject })}</span>
        <input
          type="checkbox"
          checked={checked}
          onChange={() => undefined}
          onClick={props.onCheck}
          className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
        />
      </label>
      <Link
        href={props.href}
        draggable
        onDragStart={props.onDragStart}
        data-uid={row.uid}
        data-path={row.path}
        data-seen={row.seen}
        aria-current={open ? 'true' : undefined}
        className="flex min-w-0 flex-1 flex-col justify-center gap-0.5 py-1.5 pr-3 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-indigo-600"
      >
        <span className="flex items-center gap-1.5">
          {!row.seen && <span className="size-2 shrink-0 rounded-full bg-indigo-600" title={tm('list.unreadMark')} />}
          <span className={cx('min-w-0 flex-1 truncate text-sm', row.seen ? 'text-slate-700' : 'font-semibold text-slate-900')}>{people}</span>
          {row.draft && <Mark label={t('row.draft')} icon="draft" className="text-slate-500" />}
          {row.answered && <Mark label={t('row.answered')} icon="answered" className="text-slate-500" />}
          {row.forwarded && <Mark label={t('row.forwarded')} icon="forwarded" className="text-slate-500" />}
          {row.junk && <Mark label={t('row.junk')} icon="junk" className="text-amber-600" />}
          {row.hasAttachment && <Mark label={tm('list.attachment')} icon="attachment" className="text-slate-500" />}
          {row.flagged && <Mark label={tm('list.flagged')} icon="flagged" className="text-amber-500" />}
          {row.date && (
            <time className="shrink-0 text-xs text-slate-500 tabular-nums" dateTime={row.date}>
              {shortDate(row.date)}
            </time>
          )}
        </span>
        <span className={cx('truncate text-sm', row.seen ? 'text-slate-600' : 'font-medium text-slate-900')} data-testid="subject">
          {props.folderLabel && <span className="mr-1.5 rounded bg-slate-100 px-1 py-px text-xs font-normal text-slate-600">{props.folderLabel}</span>}
          {subject}
        </span>
        <span className="truncate text-xs text-slate-500" data-testid="preview">
          {row.preview}
        </span>
      </Link>
      {count > 0 && (
        <button
          type="button"
          onClick={props.onToggleThread}
          aria-expanded={props.threadOpen}
          title={props.threadOpen ? t('row.collapse') : t('row.expand')}
          className="my-2 mr-2 flex shrink-0 items-center gap-0.5 self-start rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold text-slate-700 tabular-nums hover:bg-slate-200"
          data-testid="thread-count"
        >
          <span aria-hidden="true">{count}</span>
          <span className="sr-only">
            {t('row.threadCount', { count })}. {props.threadOpen ? t('row.collapse') : t('row.expand')}
          </span>
          <span aria-hidden="true">{props.threadOpen ? '▴' : '▾'}</span>
        </button>
      )}
    </div>
  );
}

/** A row still being fetched: the same height, so nothing jumps when it arrives. */
export function LoadingRow() {
  return (
    <div className="flex h-full items-center gap-3 border-b border-slate-100 px-4" aria-hidden="true">
      <span className="size-4 shrink-0 rounded bg-slate-100" />
      <span className="flex min-w-0 flex-1 flex-col gap-2">
        <span className="h-3 w-1/3 rounded bg-slate-100" />
        <span className="h-3 w-2/3 rounded bg-slate-100" />
      </span>
    </div>
  );
}
