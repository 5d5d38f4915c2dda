import { requestLocale } from '@/lib/locale.ts';
import { loadMessageBytes } from '@/lib/webmail/message-source.ts';
import { frameContentSecurityPolicy, messageFrameDocument, renderMessage } from '@/lib/webmail/render/index.ts';
import { failureResponse, notFoundResponse, PRIVATE_HEADERS, type RouteParams, readerRequest } from '../../../_route-helpers.ts';

export const dynamic = 'force-dynamic';

/**
 * The reading pane's sandboxed frame: the sanitised message as a whole
 * document under its own CSP (sandbox, no script, images from data: and,
 * with ?remote=1, https:), framed only by our own pages. server.ts leaves
 * CSP and X-Frame-Options of this path to this route.
 */
export async function GET(request: Request, context: RouteParams): Promise<Response> {
  // Only as a frame: a link to this URL (say, with remote=1 to fire a tracker) does nothing when opened as a page.
  const destination = request.headers.get('sec-fetch-dest');
  if (destination && destination !== 'iframe') return notFoundResponse();
  const found = await readerRequest(context);
  if (!found) return notFoundResponse();
  const query = new URL(request.url).searchParams;
  const allowRemote = query.get('remote') === '1';
  try {
    const raw = await loadMessageBytes(found.user, found.ref, query.get('part'));
    if (!raw) return notFoundResponse();
    const rendered = await renderMessage(raw, { allowRemote });
    return new Response(messageFrameDocument(rendered, { locale: await requestLocale() }), {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': frameContentSecurityPolicy({ allowRemote, header: true }),
        'X-Frame-Options': 'SAMEORIGIN',
        ...PRIVATE_HEADERS,
      },
    });
  } catch (error) {
    return failureResponse(error);
  }
}
