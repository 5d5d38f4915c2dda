'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type DragEvent, useState, useTransition } from 'react';
import { cx } from '@/components/ui.tsx';
import { folderFromSlug, folderHref } from '@/lib/webmail/folder-path.ts';
import type { MailFolder } from '@/lib/webmail/folders.ts';
import { applyToMessages } from '../f/[folder]/actions.ts';
import { useFolderLabel } from './bulk-actions.tsx';
import { FolderIcon } from './folder-icon.tsx';
import { FolderMenu, NewFolderForm } from './folder-tree-menu.tsx';
import { DRAG_TYPE, MOVED_EVENT, readDragged } from './message-list-drag.ts';

/** Indentation per level as classes: the server's HTML may not carry inline styles (CSP). */
const INDENT = ['pl-2.5', 'pl-5', 'pl-7.5', 'pl-10', 'pl-12.5'];

/**
 * The folder tree: special folders first with their own names in the
 * user's language, unread counts, each folder a drop target for dragged
 * messages, and the user's own folders renamed or deleted from their menu.
 */
export function FolderTree({ folders }: { folders: MailFolder[] }) {
  const t = useTranslations('webmail');
  const tl = useTranslations('webmailList');
  const label = useFolderLabel();
  const router = useRouter();
  const slug = /^\/webmail\/f\/([^/]+)/.exec(usePathname() ?? '')?.[1];
  const current = slug ? folderFromSlug(slug) : null;
  const [over, setOver] = useState<string | null>(null);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [, startTransition] = useTransition();

  const dragOver = (folder: MailFolder, event: DragEvent) => {
    if (!folder.selectable || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    setOver(folder.path);
  };

  const drop = (folder: MailFolder, event: DragEvent) => {
    setOver(null);
    const dragged = readDragged(event.dataTransfer);
    if (!dragged) return;
    event.preventDefault();
    const sets = dragged.sets.filter((set) => set.path !== folder.path);
    if (sets.length === 0) return;
    startTransition(async () => {
      const result = await applyToMessages({ action: 'move', sets, target: folder.path });
      if (!result.ok) {
        setStatus({ tone: 'error', text: tl(`errors.${result.error}`) });
        return;
      }
      window.dispatchEvent(new CustomEvent(MOVED_EVENT, { detail: dragged.keys }));
      setStatus({ tone: 'ok', text: tl('folders.moved', { count: result.count, name: label(folder) }) });
      router.refresh();
    });
  };

  return (
    <nav aria-label={t('folders')}>
      <ul className="space-y-0.5" data-testid="folder-tree">
        {folders.map((folder) => {
          const active = folder.path === current;
          const name = label(folder);
          return (
            <li
              key={folder.path}
              className={cx(
                'group flex flex-wrap items-center rounded-md',
                INDENT[Math.min(folder.depth, INDENT.length - 1)],
                over === folder.path ? 'bg-indigo-100 ring-2 ring-indigo-400' : active ? 'bg-indigo-50' : 'hover:bg-slate-100',
              )}
              onDragOver={(event) => dragOver(folder, event)}
              onDragLeave={() => setOver((value) => (value === folder.path ? null : value))}
              onDrop={(event) => drop(folder, event)}
              data-drop-folder={folder.selectable ? folder.path : undefined}
            >
              {folder.selectable ? (
                <Link
                  href={folderHref(folder.path)}
                  data-folder={folder.path}
                  aria-current={active ? 'page' : undefined}
                  title={over === folder.path ? tl('folders.dropHere', { name }) : undefined}
                  className={cx(
                    'flex min-w-0 flex-1 items-center gap-2 rounded-md py-1.5 pr-1 pl-0 text-sm',
                    active ? 'font-semibold text-indigo-700' : 'text-slate-700 hover:text-slate-900',
                  )}
                >
                  <FolderIcon kind={folder.role} />
                  <span className="min-w-0 flex-1 truncate">{name}</span>
                  {folder.unseen > 0 && (
                    <span className="text-xs font-semibold tabular-nums" data-testid="unread-count">
                      <span aria-hidden="true">{folder.unseen}</span>
                      <span className="sr-only">{t('unread', { count: folder.unseen })}</span>
                    </span>
                  )}
                </Link>
              ) : (
                <span className="flex min-w-0 flex-1 items-center gap-2 py-1.5 text-sm text-slate-500">
                  <FolderIcon kind={null} />
                  <span className="truncate">{name}</span>
                </span>
              )}
              <FolderMenu folder={folder} current={current} onStatus={setStatus} />
            </li>
          );
        })}
      </ul>
      <NewFolderForm onStatus={setStatus} />
      {status && (
        <p
          role={status.tone === 'error' ? 'alert' : 'status'}
          className={cx('mt-2 rounded-md px-2 py-1.5 text-xs', status.tone === 'error' ? 'bg-red-50 text-red-800' : 'bg-emerald-50 text-emerald-800')}
        >
          {status.text}
        </p>
      )}
    </nav>
  );
}
