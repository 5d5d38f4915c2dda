'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { cx } from '@/components/ui.tsx';
import { folderHref } from '@/lib/webmail/folder-path.ts';
import type { MailFolder } from '@/lib/webmail/folders.ts';
import type { MessageAction } from '@/lib/webmail/message-actions.ts';
import { composeHref } from '@/lib/webmail/message-links.ts';
import { applyToMessages } from '../f/[folder]/actions.ts';
import { MoveSelect, smallButton } from './bulk-actions.tsx';

/**
 * Actions after which the list shows again: those that take the message out
 * of the folder, and Mark unread (staying would open, and so read, it again).
 */
const LEAVES: MessageAction[] = ['delete', 'junk', 'move', 'archive', 'unread'];

export function MessageToolbarButtons({ path, uid, flags, folders }: { path: string; uid: number; flags: string[]; folders: MailFolder[] }) {
  const t = useTranslations('webmailList.toolbar');
  const te = useTranslations('webmailList.errors');
  const tb = useTranslations('webmailList.bulk');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(flags.includes('\\Seen'));
  const [flagged, setFlagged] = useState(flags.includes('\\Flagged'));
  const role = folders.find((folder) => folder.path === path)?.role ?? null;
  const hasJunk = folders.some((folder) => folder.role === 'junk');

  const act = (action: MessageAction, target?: string) =>
    startTransition(async () => {
      if (action === 'delete' && role === 'trash' && !window.confirm(tb('confirmDeleteForever', { count: 1 }))) return;
      const result = await applyToMessages({ action, sets: [{ path, uids: [uid] }], target: target ?? null });
      if (!result.ok) return setError(te(result.error));
      setError(null);
      if (action === 'read' || action === 'unread') setSeen(action === 'read');
      if (action === 'flag' || action === 'unflag') setFlagged(action === 'flag');
      if (LEAVES.includes(action) || (action === 'notJunk' && role === 'junk')) router.push(folderHref(path));
      router.refresh();
    });

  const link = (mode: 'reply' | 'replyAll' | 'forward', label: string) => (
    <Link href={composeHref(mode, path, uid)} className={smallButton} data-testid={`toolbar-${mode}`}>
      {label}
    </Link>
  );
  const button = (action: MessageAction, label: string) => (
    <button type="button" className={smallButton} disabled={pending} onClick={() => act(action)} data-testid={`toolbar-${action}`}>
      {label}
    </button>
  );

  return (
    <div className="flex flex-col gap-1">
      <div role="toolbar" aria-label={t('label')} className="flex flex-wrap items-center gap-1.5" data-testid="message-toolbar">
        {link('reply', t('reply'))}
        {link('replyAll', t('replyAll'))}
        {link('forward', t('forward'))}
        <span className="mx-0.5 hidden h-5 w-px bg-slate-200 sm:block" aria-hidden="true" />
        <MoveSelect folders={folders} exclude={path} label={t('moveTo')} disabled={pending} onMove={(target) => act('move', target)} testId="toolbar-move" />
        {button('delete', t('delete'))}
        {role === 'junk' ? button('notJunk', t('notJunk')) : hasJunk && button('junk', t('junk'))}
        {seen ? button('unread', t('markUnread')) : button('read', t('markRead'))}
        {flagged ? button('unflag', t('unflag')) : button('flag', t('flag'))}
      </div>
      {error && (
        <p role="alert" className={cx('rounded-md bg-red-50 px-2 py-1 text-xs text-red-800')}>
          {error}
        </p>
      )}
    </div>
  );
}
