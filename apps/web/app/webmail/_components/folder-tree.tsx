'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { cx } from '@/components/ui.tsx';
import { folderFromSlug, folderHref } from '@/lib/webmail/folder-path.ts';
import type { MailFolder } from '@/lib/webmail/folders.ts';
import { FolderIcon } from './folder-icon.tsx';

/** The folder tree: special folders first with their own names in the user's language, unread counts. */
export function FolderTree({ folders }: { folders: MailFolder[] }) {
  const t = useTranslations('webmail');
  const slug = /^\/webmail\/f\/([^/]+)/.exec(usePathname() ?? '')?.[1];
  const current = slug ? folderFromSlug(slug) : null;
  return (
    <nav aria-label={t('folders')}>
      <ul className="space-y-0.5" data-testid="folder-tree">
        {folders.map((folder) => {
          const label = folder.role ? t(`roles.${folder.role}`) : folder.name;
          const active = folder.path === current;
          return (
            <li key={folder.path} style={{ paddingLeft: `${folder.depth * 0.75}rem` }}>
              {folder.selectable ? (
                <Link
                  href={folderHref(folder.path)}
                  data-folder={folder.path}
                  aria-current={active ? 'page' : undefined}
                  className={cx(
                    'flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm',
                    active ? 'bg-indigo-50 font-semibold text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
                  )}
                >
                  <FolderIcon kind={folder.role} />
                  <span className="min-w-0 flex-1 truncate">{label}</span>
                  {folder.unseen > 0 && (
                    <span className="text-xs font-semibold tabular-nums">
                      <span aria-hidden="true">{folder.unseen}</span>
                      <span className="sr-only">{t('unread', { count: folder.unseen })}</span>
                    </span>
                  )}
                </Link>
              ) : (
                <span className="flex items-center gap-2 px-2.5 py-1.5 text-sm text-slate-500">
                  <FolderIcon kind={null} />
                  {label}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
