'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { cx } from '@/components/ui.tsx';
import type { FolderRole, MailFolder } from '@/lib/webmail/folders.ts';
import type { MessageAction } from '@/lib/webmail/message-actions.ts';

export const smallButton =
  'inline-flex items-center justify-center gap-1 rounded-md bg-white px-2 py-1 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 ring-inset transition hover:bg-slate-50 disabled:opacity-50';

/** A folder's name in the user's language: special folders by their role, the others as named. */
export function useFolderLabel() {
  const t = useTranslations('webmail');
  return (folder: Pick<MailFolder, 'role' | 'name'>) => (folder.role ? t(`roles.${folder.role}`) : folder.name);
}

/** "Move to…": every folder but the one the messages are in. */
export function MoveSelect({
  folders,
  exclude,
  label,
  disabled,
  onMove,
  testId,
}: {
  folders: MailFolder[];
  exclude: string | null;
  label: string;
  disabled?: boolean;
  onMove(path: string): void;
  testId: string;
}) {
  const folderLabel = useFolderLabel();
  return (
    <select
      aria-label={label}
      value=""
      disabled={disabled}
      data-testid={testId}
      onChange={(event) => event.target.value && onMove(event.target.value)}
      className="max-w-52 rounded-md border-0 bg-white py-1 pr-7 pl-2 text-xs font-semibold text-slate-700 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
    >
      <option value="">{label}</option>
      {folders
        .filter((folder) => folder.selectable && folder.path !== exclude)
        .map((folder) => (
          <option key={folder.path} value={folder.path}>
            {'\u00a0\u00a0'.repeat(folder.depth)}
            {folderLabel(folder)}
          </option>
        ))}
    </select>
  );
}

export interface BulkActionsProps {
  /** Messages (or conversations) chosen, and how many rows are shown. */
  selected: number;
  shown: number;
  /** The folder listed; null for search results from several folders. */
  role: FolderRole | 'search';
  path: string | null;
  folders: MailFolder[];
  pending: boolean;
  onSelectAll(all: boolean): void;
  onAction(action: MessageAction, target?: string): void;
  title: React.ReactNode;
}

/** The row above the list: select all, and with a selection the actions for it. */
export function BulkActions(props: BulkActionsProps) {
  const t = useTranslations('webmailList.bulk');
  const checkbox = useRef<HTMLInputElement>(null);
  const all = props.shown > 0 && props.selected >= props.shown;
  useEffect(() => {
    if (checkbox.current) checkbox.current.indeterminate = props.selected > 0 && !all;
  }, [props.selected, all]);
  const has = (role: FolderRole) => props.folders.some((folder) => folder.role === role);
  const button = (action: MessageAction, label: string) => (
    <button type="button" className={smallButton} disabled={props.pending} onClick={() => props.onAction(action)} data-action={action}>
      {label}
    </button>
  );
  return (
    <div
      className={cx('flex min-h-11 flex-wrap items-center gap-x-2 gap-y-1.5 border-b border-slate-200 px-2 py-1.5', props.selected > 0 && 'bg-sky-50')}
      data-testid="bulk-actions"
    >
      <label className="flex w-6 shrink-0 cursor-pointer justify-center">
        <span className="sr-only">{t('selectAll')}</span>
        <input
          ref={checkbox}
          type="checkbox"
          checked={all}
          disabled={props.shown === 0}
          onChange={(event) => props.onSelectAll(event.target.checked)}
          className="size-4 rounded border-slate-300 text-indigo-600 focus:ring-indigo-600"
          data-testid="select-all"
        />
      </label>
      {props.selected === 0 ? (
        <div className="min-w-0 flex-1">{props.title}</div>
      ) : (
        <fieldset className="flex min-w-0 flex-1 flex-wrap items-center gap-1.5" aria-label={t('actions')}>
          <span className="mr-1 text-xs font-semibold text-sky-900 tabular-nums" data-testid="selected-count">
            {t('selected', { count: props.selected })}
          </span>
          {button('read', t('read'))}
          {button('unread', t('unread'))}
          {button('flag', t('flag'))}
          {button('unflag', t('unflag'))}
          <MoveSelect
            folders={props.folders}
            exclude={props.path}
            label={t('moveTo')}
            disabled={props.pending}
            onMove={(target) => props.onAction('move', target)}
            testId="bulk-move"
          />
          {props.role !== 'archive' && has('archive') && button('archive', t('archive'))}
          {props.role !== 'junk' && has('junk') && button('junk', t('junk'))}
          {(props.role === 'junk' || props.role === 'search') && button('notJunk', t('notJunk'))}
          {button('delete', props.role === 'trash' ? t('deleteForever') : t('delete'))}
        </fieldset>
      )}
    </div>
  );
}
