'use client';

import { formatSize } from '@kontor/core/size';
import { useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import type { UploadedFile } from '@/lib/webmail/compose/compose-input.ts';
import type { PendingUpload } from './attachments.tsx';
import { removeUploaded, uploadFile } from './upload-file.ts';

/** The message's attachments: the files uploaded, the uploads under way, and what went wrong. */
export function useUploads(options: { composeId: string; initial: UploadedFile[]; allowance: number; maxMessageSize: number; onChange(): void }) {
  const t = useTranslations('webmailCompose.attachments');
  const locale = useLocale();
  const [files, setFiles] = useState(options.initial);
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  // Bytes taken by files and uploads under way, read synchronously while several files are picked at once.
  const reserved = useRef(options.initial.reduce((sum, file) => sum + file.size, 0));
  const counter = useRef(0);

  const tooLarge = (name: string) => t('tooLarge', { name, limit: formatSize(options.allowance, locale), max: formatSize(options.maxMessageSize, locale) });

  const add = (picked: File[]) => {
    for (const file of picked) {
      if (reserved.current + file.size > options.allowance) {
        setErrors((list) => [...list, tooLarge(file.name)]);
        continue;
      }
      reserved.current += file.size;
      const key = `upload-${++counter.current}`;
      setPending((list) => [...list, { key, name: file.name, loaded: 0, total: file.size }]);
      void uploadFile(options.composeId, file, (loaded, total) =>
        setPending((list) => list.map((entry) => (entry.key === key ? { ...entry, loaded, total } : entry))),
      ).then((outcome) => {
        setPending((list) => list.filter((entry) => entry.key !== key));
        if (outcome.ok) {
          setFiles((list) => [...list, outcome.file]);
          options.onChange();
          return;
        }
        reserved.current -= file.size;
        setErrors((list) => [...list, outcome.message ?? (outcome.tooLarge ? tooLarge(file.name) : t('failed', { name: file.name }))]);
      });
    }
  };

  const remove = (id: string) => {
    const file = files.find((entry) => entry.id === id);
    if (!file) return;
    reserved.current -= file.size;
    setFiles((list) => list.filter((entry) => entry.id !== id));
    removeUploaded(options.composeId, id);
    options.onChange();
  };

  return { files, pending, errors, add, remove, clearErrors: () => setErrors([]) };
}
