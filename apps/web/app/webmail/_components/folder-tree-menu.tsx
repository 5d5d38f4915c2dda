'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { type FormEvent, useId, useState, useTransition } from 'react';
import { buttonClass, cx } from '@/components/ui.tsx';
import { folderHref } from '@/lib/webmail/folder-path.ts';
import { isProtected } from '@/lib/webmail/folder-rules.ts';
import type { MailFolder } from '@/lib/webmail/folders.ts';
import { createFolderAction, deleteFolderAction, type FolderActionResult, renameFolderAction } from '../folders/actions.ts';
import { smallButton, useFolderLabel } from './bulk-actions.tsx';

type Status = { tone: 'ok' | 'error'; text: string } | null;

const inputClass =
  'block w-full min-w-0 rounded-md border-0 px-2 py-1 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600';

function useFolderChange(onStatus: (status: Status) => void) {
  const t = useTranslations('webmailList.folders');
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const change = (run: () => Promise<FolderActionResult>, done: (path: string | null) => void) =>
    startTransition(async () => {
      const result = await run();
      if (!result.ok) return onStatus({ tone: 'error', text: t(`errors.${result.error}`) });
      onStatus(null);
      done(result.path);
      router.refresh();
    });
  return { pending, change, router };
}

/** A name field with Save and Cancel: creating a folder, or renaming one. */
function NameForm({
  initial,
  label,
  submit,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: string;
  label: string;
  submit: string;
  pending: boolean;
  onSubmit(name: string): void;
  onCancel(): void;
}) {
  const t = useTranslations('webmailList.folders');
  const id = useId();
  const [name, setName] = useState(initial);
  const send = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(name);
  };
  return (
    <form onSubmit={send} className="mt-1 mb-2 basis-full space-y-1.5 rounded-md bg-white p-2 ring-1 ring-slate-200" data-testid="folder-name-form">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      {/* biome-ignore lint/a11y/noAutofocus: the form opens on the user's click to type a name. */}
      <input id={id} value={name} onChange={(event) => setName(event.target.value)} className={inputClass} maxLength={100} autoFocus required />
      <div className="flex gap-1.5">
        <button type="submit" className={cx(smallButton, 'bg-indigo-600 text-white ring-indigo-600 hover:bg-indigo-500')} disabled={pending}>
          {submit}
        </button>
        <button type="button" className={smallButton} onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** The "⋯" of a folder: a subfolder in it, and for the user's own folders rename and delete. */
export function FolderMenu({ folder, current, onStatus }: { folder: MailFolder; current: string | null; onStatus(status: Status): void }) {
  const t = useTranslations('webmailList.folders');
  const label = useFolderLabel();
  const [mode, setMode] = useState<'closed' | 'menu' | 'rename' | 'subfolder'>('closed');
  const { pending, change, router } = useFolderChange(onStatus);
  const own = !isProtected(folder);
  const name = label(folder);
  const remove = () => {
    setMode('closed');
    const question = folder.messages > 0 ? t('confirmDelete', { name, count: folder.messages }) : t('confirmDeleteEmpty', { name });
    if (!window.confirm(question)) return;
    change(
      () => deleteFolderAction({ path: folder.path }),
      () => folder.path === current && router.push(folderHref('INBOX')),
    );
  };
  return (
    <>
      <button
        type="button"
        onClick={() => setMode(mode === 'closed' ? 'menu' : 'closed')}
        aria-expanded={mode === 'menu'}
        className="rounded px-1.5 py-1 text-sm leading-none text-slate-400 hover:bg-slate-200 hover:text-slate-700 md:opacity-0 md:group-hover:opacity-100 md:focus:opacity-100 md:aria-expanded:opacity-100"
        data-testid="folder-menu-button"
        data-folder-menu={folder.path}
      >
        <span aria-hidden="true">⋯</span>
        <span className="sr-only">
          {t('manage')}: {name}
        </span>
      </button>
      {mode === 'menu' && (
        <div className="mt-0.5 mb-1 flex basis-full flex-wrap gap-1 pl-6" data-testid="folder-menu">
          {folder.selectable && (
            <button type="button" className={smallButton} onClick={() => setMode('subfolder')}>
              {t('newSubfolder')}
            </button>
          )}
          {own && (
            <button type="button" className={smallButton} onClick={() => setMode('rename')}>
              {t('rename')}
            </button>
          )}
          {own && (
            <button type="button" className={cx(smallButton, 'text-red-700')} onClick={remove}>
              {t('delete')}
            </button>
          )}
        </div>
      )}
      {mode === 'rename' && (
        <NameForm
          initial={folder.name}
          label={t('renameTo')}
          submit={t('save')}
          pending={pending}
          onCancel={() => setMode('closed')}
          onSubmit={(value) =>
            change(
              () => renameFolderAction({ path: folder.path, name: value }),
              (path) => {
                setMode('closed');
                if (path && folder.path === current) router.push(folderHref(path));
              },
            )
          }
        />
      )}
      {mode === 'subfolder' && (
        <NameForm
          initial=""
          label={t('name')}
          submit={t('create')}
          pending={pending}
          onCancel={() => setMode('closed')}
          onSubmit={(value) =>
            change(
              () => createFolderAction({ parent: folder.path, name: value }),
              () => setMode('closed'),
            )
          }
        />
      )}
    </>
  );
}

/** "New folder" under the tree: a top-level folder. */
export function NewFolderForm({ onStatus }: { onStatus(status: Status): void }) {
  const t = useTranslations('webmailList.folders');
  const [open, setOpen] = useState(false);
  const { pending, change } = useFolderChange(onStatus);
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={cx(buttonClass.link, 'mt-3 px-2.5 text-sm')} data-testid="new-folder">
        + {t('newFolder')}
      </button>
    );
  }
  return (
    <div className="mt-2 flex">
      <NameForm
        initial=""
        label={t('name')}
        submit={t('create')}
        pending={pending}
        onCancel={() => setOpen(false)}
        onSubmit={(value) =>
          change(
            () => createFolderAction({ parent: null, name: value }),
            () => setOpen(false),
          )
        }
      />
    </div>
  );
}
