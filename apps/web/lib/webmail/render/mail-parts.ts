/**
 * The attachment list of a parsed mail, with ids that stay the same for the
 * same bytes: mailparser's IMAP-style part numbers, and `<partId>/tnef/<n>`
 * for the files inside a TNEF part (which then replaces the winmail.dat
 * itself in the list, unless nothing could be read from it).
 */
import type { Attachment } from 'mailparser';
import { sniffPreviewable } from './content-sniff.ts';
import { contentTypeForFilename, normalizeContentType, OCTET_STREAM } from './content-type.ts';
import { sanitizeFilename } from './filename.ts';
import { isTnef, readTnefFiles } from './tnef.ts';
import type { AttachmentInfo } from './types.ts';

/** An attachment with its decoded bytes (the renderer drops them; extraction hands them out). */
export type MailPart = AttachmentInfo & { content: Buffer };

export function mailParts(attachments: Attachment[]): MailPart[] {
  return attachments.flatMap((attachment, index) => {
    const id = attachment.partId || `x${index + 1}`;
    if (isTnef(attachment.content)) {
      const files = tnefParts(id, attachment.content);
      if (files.length > 0) return files;
    }
    const cid = attachment.cid?.replace(/^<|>$/g, '').trim() || undefined;
    const inline = attachment.contentDisposition === 'inline' || (!attachment.contentDisposition && attachment.related === true);
    return [describePart({ id, name: attachment.filename, declaredType: attachment.contentType, content: attachment.content, inline, cid })];
  });
}

function tnefParts(partId: string, content: Buffer): MailPart[] {
  return (readTnefFiles(content) ?? []).map((file, n) =>
    describePart({
      id: `${partId}/tnef/${n}`,
      name: file.filename,
      declaredType: file.contentType ?? contentTypeForFilename(file.filename),
      content: file.content,
      inline: false,
      cid: file.contentId?.replace(/^<|>$/g, '') || undefined,
    }),
  );
}

type PartSource = { id: string; name: string | undefined; declaredType: string; content: Buffer; inline: boolean; cid: string | undefined };

function describePart(source: PartSource): MailPart {
  let contentType = normalizeContentType(source.declaredType);
  if (contentType === OCTET_STREAM && source.name) contentType = contentTypeForFilename(source.name);
  const isMessage = contentType === 'message/rfc822';
  // The bytes decide what may be previewed, and then also the type it is served as.
  const sniffed = isMessage ? null : sniffPreviewable(source.content);
  if (sniffed) contentType = sniffed.contentType;
  const part: MailPart = {
    id: source.id,
    filename: sanitizeFilename(source.name, contentType),
    contentType,
    size: source.content.length,
    inline: source.inline,
    embedded: false,
    isMessage,
    previewable: sniffed?.previewable ?? null,
    content: source.content,
  };
  if (source.cid) part.cid = source.cid;
  return part;
}

/** The public description, without the bytes. */
export function attachmentInfo({ content: _content, ...info }: MailPart): AttachmentInfo {
  return info;
}
