import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import { loadConfig } from '@kontor/core';
import { formatSize } from '@kontor/core/size';
import { getTranslations } from 'next-intl/server';
import { requestLocale } from '@/lib/locale.ts';
import { ID_PATTERN } from '@/lib/webmail/compose/compose-input.ts';
import { composeRoute, json } from '@/lib/webmail/compose/route-guard.ts';
import { attachmentAllowance, listUploads, removeUpload, saveUpload, sweepUploadsNowAndThen, UploadTooLargeError } from '@/lib/webmail/compose/uploads.ts';

export const dynamic = 'force-dynamic';

function fileName(request: Request): string {
  const raw = request.headers.get('x-file-name') ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

async function tooLarge(name: string, allowance: number): Promise<Response> {
  const locale = await requestLocale();
  const t = await getTranslations({ locale, namespace: 'webmailCompose' });
  const limit = formatSize(allowance, locale);
  const max = formatSize(loadConfig().MAX_MESSAGE_SIZE, locale);
  return json({ error: 'tooLarge', limit: allowance, message: t('attachments.tooLarge', { name, limit, max }) }, 413);
}

/**
 * One attachment of a message being written, as the request body (the
 * browser's XHR shows the upload's progress). `?c=` names the compose
 * session; the files of all its uploads together stay within what a
 * message may carry (MAX_MESSAGE_SIZE, see attachmentAllowance).
 */
export async function POST(request: Request) {
  return composeRoute(request, async (user) => {
    sweepUploadsNowAndThen();
    const composeId = new URL(request.url).searchParams.get('c') ?? '';
    if (!ID_PATTERN.test(composeId) || !request.body) return json({ error: 'invalid' }, 400);
    const scope = { sessionId: user.sessionId, composeId };
    const allowance = attachmentAllowance(loadConfig().MAX_MESSAGE_SIZE);
    const name = fileName(request);
    const declared = Number(request.headers.get('content-length') ?? Number.NaN);
    const used = (await listUploads(scope)).reduce((sum, file) => sum + file.size, 0);
    // Refused before a byte is read when the size is declared; counted while streaming when it is not.
    if (Number.isFinite(declared) && used + declared > allowance) return tooLarge(name, allowance);
    try {
      const file = await saveUpload(
        scope,
        {
          filename: name,
          contentType: request.headers.get('content-type') ?? 'application/octet-stream',
          body: Readable.fromWeb(request.body as NodeWebStream<Uint8Array>),
        },
        allowance,
      );
      // A body cut short on the way (a proxy's buffer, a dropped connection) is never kept as if it were the file.
      if (Number.isFinite(declared) && file.size !== declared) {
        await removeUpload(scope, file.id);
        return json({ error: 'incomplete' }, 400);
      }
      return json(file);
    } catch (error) {
      if (error instanceof UploadTooLargeError) return tooLarge(name, allowance);
      throw error;
    }
  });
}

/** An attachment taken off the message before sending. */
export async function DELETE(request: Request) {
  return composeRoute(request, async (user) => {
    const params = new URL(request.url).searchParams;
    const composeId = params.get('c') ?? '';
    const id = params.get('id') ?? '';
    if (!ID_PATTERN.test(composeId) || !ID_PATTERN.test(id)) return json({ error: 'invalid' }, 400);
    await removeUpload({ sessionId: user.sessionId, composeId }, id);
    return json({ removed: id });
  });
}
