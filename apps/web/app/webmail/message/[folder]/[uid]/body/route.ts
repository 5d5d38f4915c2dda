import { requestLocale } from '@/lib/locale.ts';
import { isServerRefusal } from '@/lib/webmail/imap-errors.ts';
import { frameContentSecurityPolicy, messageFrameDocument } from '@/lib/webmail/render/index.ts';
import { openRenderedMessage } from '@/lib/webmail/rendered-messages.ts';
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
    const opened = await openRenderedMessage(found.user, found.ref, { part: query.get('part') || null, allowRemote, markSeen: false }).catch(
      (error: unknown) => {
        // A folder the server refuses (not the user's) is a 404 like a missing UID.
        if (isServerRefusal(error)) return null;
        throw error;
      },
    );
    if (!opened) return notFoundResponse();
    return new Response(messageFrameDocument(opened.rendered, { locale: await requestLocale() }), {
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
