import { contentDisposition } from '@/lib/webmail/content-disposition.ts';
import { loadMessageBytes } from '@/lib/webmail/message-source.ts';
import { sniffPreviewable } from '@/lib/webmail/render/content-sniff.ts';
import { extractAttachment } from '@/lib/webmail/render/index.ts';
import { failureResponse, notFoundResponse, PRIVATE_HEADERS, type RouteParams, readerRequest } from '../../../_route-helpers.ts';

export const dynamic = 'force-dynamic';

// A download is never rendered by the browser; should it be, it is sandboxed and loads nothing.
const DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";
// An image shown by the browser's own image view: no script, nothing but itself.
const IMAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'self'";
// Chromium's PDF viewer does not run in a sandboxed document, so a PDF gets no `sandbox` but still no script of its own and nothing to load.
const PDF_CSP = "default-src 'none'; script-src 'none'; object-src 'self'; frame-ancestors 'self'";

/**
 * An attachment of the user's message (`?id=` as renderMessage lists it:
 * `2`, `1.2`, `2/tnef/0`, `3/message/2`): by default a download; with
 * `?inline=1` shown by the browser, only when the bytes are a raster image
 * or a PDF, as the sniffed type.
 */
export async function GET(request: Request, context: RouteParams): Promise<Response> {
  const found = await readerRequest(context);
  if (!found) return notFoundResponse();
  const query = new URL(request.url).searchParams;
  const id = query.get('id');
  if (!id) return notFoundResponse();
  try {
    const raw = await loadMessageBytes(found.user, found.ref);
    const part = raw && (await extractAttachment(raw, id));
    if (!part) return notFoundResponse();
    const body = new Uint8Array(part.content);
    const preview = query.get('inline') === '1' && part.contentType !== 'message/rfc822' ? sniffPreviewable(part.content) : null;
    if (query.get('inline') === '1' && !preview) return notFoundResponse();
    const headers: Record<string, string> = {
      'Content-Type': preview ? preview.contentType : part.contentType,
      'Content-Length': String(body.byteLength),
      'Content-Disposition': contentDisposition(preview ? 'inline' : 'attachment', part.filename),
      'Content-Security-Policy': preview ? (preview.previewable === 'pdf' ? PDF_CSP : IMAGE_CSP) : DOWNLOAD_CSP,
      'X-Frame-Options': preview ? 'SAMEORIGIN' : 'DENY',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...PRIVATE_HEADERS,
    };
    return new Response(body, { headers });
  } catch (error) {
    return failureResponse(error);
  }
}
