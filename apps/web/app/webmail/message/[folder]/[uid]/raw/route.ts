import { loadMessageBytes } from '@/lib/webmail/message-source.ts';
import { failureResponse, notFoundResponse, PRIVATE_HEADERS, type RouteParams, readerRequest } from '../../../_route-helpers.ts';

export const dynamic = 'force-dynamic';

/** The message exactly as stored, as an .eml download (opens in any mail program). */
export async function GET(_request: Request, context: RouteParams): Promise<Response> {
  const found = await readerRequest(context);
  if (!found) return notFoundResponse();
  try {
    const raw = await loadMessageBytes(found.user, found.ref);
    if (!raw) return notFoundResponse();
    return new Response(new Uint8Array(raw), {
      headers: {
        'Content-Type': 'message/rfc822',
        'Content-Disposition': `attachment; filename="message-${found.ref.uid}.eml"`,
        ...PRIVATE_HEADERS,
      },
    });
  } catch (error) {
    return failureResponse(error);
  }
}
