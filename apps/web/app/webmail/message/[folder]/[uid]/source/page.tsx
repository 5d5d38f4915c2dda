import { formatSize } from '@kontor/core/size';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { Alert, buttonClass } from '@/components/ui.tsx';
import { folderHref } from '@/lib/webmail/folder-path.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { loadMessageBytes, messageRef } from '@/lib/webmail/message-source.ts';
import { rawHref } from '@/lib/webmail/reader-links.ts';

export const dynamic = 'force-dynamic';

/** Beyond this the page would be slow to render and useless to read; the .eml download has it all. */
const SHOWN_BYTES = 1024 * 1024;

/** The message's raw source as text (React escapes every character), with the .eml download. */
export default async function MessageSourcePage({ params }: { params: Promise<{ folder: string; uid: string }> }) {
  const user = await requireMailUser();
  const { folder, uid } = await params;
  const ref = messageRef(folder, uid);
  if (!ref) notFound();
  const t = await getTranslations('webmailReader.source');
  let raw: Buffer | null;
  try {
    raw = await loadMessageBytes(user, ref);
  } catch (error) {
    if (imapFailure(error) !== 'unavailable') throw error;
    return <Alert tone="amber">{(await getTranslations('webmail'))('unavailable')}</Alert>;
  }
  if (!raw) notFound();
  // Raw mail may be any charset or 8-bit garbage: shown as UTF-8 with replacement characters, never interpreted.
  const text = new TextDecoder('utf-8').decode(raw.subarray(0, SHOWN_BYTES));
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2 sm:px-6">
        <Link href={folderHref(ref.path, { m: ref.uid })} className="text-sm text-indigo-700 hover:text-indigo-500">
          ← {t('back')}
        </Link>
        <h1 className="text-sm font-semibold text-slate-900">{t('title')}</h1>
        <a href={rawHref(ref.path, ref.uid)} className={`${buttonClass.secondary} ml-auto`} data-testid="download-eml">
          {(await getTranslations('webmailReader.details'))('downloadEml')}
        </a>
      </div>
      {raw.length > SHOWN_BYTES && (
        <div className="px-4 pt-3 sm:px-6">
          <Alert tone="blue">{t('truncated', { size: formatSize(SHOWN_BYTES, await getLocale()) })}</Alert>
        </div>
      )}
      <pre
        className="px-4 py-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere] sm:px-6"
        data-testid="message-source"
      >
        {text}
      </pre>
    </div>
  );
}
