import { formatSize } from '@kontor/core/size';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { attachedMessageHref, attachmentHref } from '@/lib/webmail/reader-links.ts';
import type { AttachmentInfo } from '@/lib/webmail/render/types.ts';

const action = 'rounded px-1.5 py-0.5 font-semibold text-indigo-700 hover:bg-indigo-50';

/**
 * The message's attachments (those already shown in the body as cid:
 * images left out): name, size, download; a preview for real images and
 * PDFs; attached messages open as messages. `idFor` turns the id within the
 * shown message into the id within the stored one (for an attached message:
 * `<part>/message/<id>`).
 */
export async function ReadingPaneAttachments({
  path,
  uid,
  attachments,
  idFor,
}: {
  path: string;
  uid: number;
  attachments: AttachmentInfo[];
  idFor: (id: string) => string;
}) {
  const t = await getTranslations('webmailReader.attachments');
  const locale = await getLocale();
  const listed = attachments.filter((attachment) => !attachment.embedded);
  if (!listed.length) return null;
  return (
    <section aria-label={t('heading', { count: listed.length })} className="border-t border-slate-100 px-4 py-3 sm:px-6" data-testid="attachments">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('heading', { count: listed.length })}</h3>
      <ul className="grid gap-2 sm:grid-cols-[repeat(auto-fill,minmax(16rem,1fr))]">
        {listed.map((attachment) => {
          const id = idFor(attachment.id);
          const download = attachmentHref(path, uid, id);
          const preview = attachment.previewable ? attachmentHref(path, uid, id, { inline: true }) : null;
          return (
            <li
              key={attachment.id}
              className="flex min-w-0 items-center gap-3 rounded-lg border border-slate-200 bg-white p-2"
              data-testid="attachment"
              data-attachment-id={id}
            >
              {attachment.previewable === 'image' && preview ? (
                // biome-ignore lint/performance/noImgElement: an attachment thumbnail from our own route, not a static asset
                <img src={preview} alt="" loading="lazy" className="size-10 shrink-0 rounded bg-slate-100 object-cover" />
              ) : (
                <span
                  aria-hidden="true"
                  className="flex size-10 shrink-0 items-center justify-center rounded bg-slate-100 text-[0.625rem] font-semibold text-slate-500 uppercase"
                >
                  {attachment.isMessage ? '✉' : (attachment.filename.split('.').pop() ?? '').slice(0, 4)}
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900" title={attachment.filename} dir="auto" data-testid="attachment-name">
                  {attachment.filename}
                </p>
                <div className="flex flex-wrap items-center gap-x-1 text-xs text-slate-500">
                  <span data-testid="attachment-size">
                    {formatSize(attachment.size, locale)}
                    {attachment.id.includes('/tnef/') && <> · {t('fromWinmail')}</>}
                  </span>
                  {attachment.isMessage && (
                    <Link href={attachedMessageHref(path, uid, id)} className={action} data-testid="attachment-open">
                      {t('openMessage')}
                    </Link>
                  )}
                  {preview && (
                    <a
                      href={preview}
                      target="_blank"
                      rel="noopener"
                      className={action}
                      title={t('previewNamed', { name: attachment.filename })}
                      data-testid="attachment-preview"
                    >
                      {t('preview')}
                    </a>
                  )}
                  <a href={download} download className={action} title={t('downloadNamed', { name: attachment.filename })} data-testid="attachment-download">
                    {t('download')}
                  </a>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
