'use client';

import { formatSize } from '@kontor/core/size';
import { useLocale, useTranslations } from 'next-intl';
import { useRef } from 'react';
import { Alert } from '@/components/ui.tsx';
import type { UploadedFile } from '@/lib/webmail/compose/compose-input.ts';
import { PaperclipIcon } from './editor-icons.tsx';

export interface PendingUpload {
  key: string;
  name: string;
  loaded: number;
  total: number;
}

/** The message's files, the uploads under way (with progress), and the picker. */
export function Attachments({
  files,
  pending,
  errors,
  allowance,
  onPick,
  onRemove,
  onDismissErrors,
}: {
  files: UploadedFile[];
  pending: PendingUpload[];
  errors: string[];
  allowance: number;
  onPick(files: File[]): void;
  onRemove(id: string): void;
  onDismissErrors(): void;
}) {
  const t = useTranslations('webmailCompose.attachments');
  const locale = useLocale();
  const input = useRef<HTMLInputElement>(null);
  const used = files.reduce((sum, file) => sum + file.size, 0);
  return (
    <section aria-label={t('label')} className="space-y-2 border-t border-slate-200 px-3 py-3" data-testid="attachments">
      {errors.length > 0 && (
        <div data-testid="upload-errors">
          <Alert tone="red">
            <ul className="space-y-1">
              {errors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
            <button type="button" onClick={onDismissErrors} className="mt-1 text-xs font-medium underline">
              OK
            </button>
          </Alert>
        </div>
      )}
      {(files.length > 0 || pending.length > 0) && (
        <ul className="flex flex-wrap gap-2">
          {files.map((file) => (
            <li
              key={file.id}
              data-testid="attachment"
              data-filename={file.filename}
              className="flex max-w-full items-center gap-2 rounded-lg bg-slate-50 py-1.5 pr-1.5 pl-3 text-sm ring-1 ring-slate-200"
            >
              <span className="truncate font-medium text-slate-800">{file.filename}</span>
              <span className="shrink-0 text-xs text-slate-500">{formatSize(file.size, locale)}</span>
              <button
                type="button"
                onClick={() => onRemove(file.id)}
                aria-label={t('remove', { name: file.filename })}
                className="inline-flex size-6 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-200"
              >
                ×
              </button>
            </li>
          ))}
          {pending.map((upload) => (
            <li
              key={upload.key}
              data-testid="upload-progress"
              className="flex w-56 max-w-full flex-col gap-1 rounded-lg bg-indigo-50 px-3 py-1.5 text-sm ring-1 ring-indigo-100"
            >
              <span className="truncate text-indigo-900">{t('uploading', { name: upload.name })}</span>
              <progress
                value={upload.loaded}
                max={upload.total || 1}
                aria-label={t('uploading', { name: upload.name })}
                className="block h-1.5 w-full appearance-none overflow-hidden rounded-full bg-indigo-100 [&::-moz-progress-bar]:bg-indigo-500 [&::-webkit-progress-bar]:bg-inherit [&::-webkit-progress-value]:bg-indigo-500"
              />
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <button
          type="button"
          onClick={() => input.current?.click()}
          className="inline-flex items-center gap-1.5 font-medium text-indigo-700 hover:text-indigo-600"
          data-testid="attach-button"
        >
          <PaperclipIcon /> {t('attach')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(event) => {
            onPick([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
        {files.length > 0 && (
          <span className="text-xs text-slate-500">{t('total', { size: formatSize(used, locale), limit: formatSize(allowance, locale) })}</span>
        )}
      </div>
    </section>
  );
}
