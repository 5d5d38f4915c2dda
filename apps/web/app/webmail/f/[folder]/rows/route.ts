import { folderFromSlug } from '@/lib/webmail/folder-path.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { parseListOrder } from '@/lib/webmail/list-order.ts';
import { currentMailUser } from '@/lib/webmail/mail-session.ts';
import { listMessages, messagesByUid } from '@/lib/webmail/message-list.ts';

export const dynamic = 'force-dynamic';

/**
 * More of the list as the user scrolls: `?page=N&order=date.desc` (the
 * order the page was drawn with), or the messages of a conversation opened
 * in the list, `?uids=7,9,12`. Read-only, on the signed-in user's own
 * connection; JSON with no caching.
 */
export async function GET(request: Request, { params }: { params: Promise<{ folder: string }> }) {
  const user = await currentMailUser();
  if (!user || user === 'admin-only') return Response.json({ error: 'signedOut' }, { status: 401 });
  const path = folderFromSlug((await params).folder);
  if (!path) return Response.json({ error: 'notFound' }, { status: 404 });
  const url = new URL(request.url);
  const headers = { 'Cache-Control': 'no-store' };
  try {
    const uids = url.searchParams.get('uids');
    if (uids !== null) {
      const list = uids
        .split(',')
        .map(Number)
        .filter((uid) => Number.isSafeInteger(uid) && uid > 0);
      return Response.json({ rows: await messagesByUid(user.imap, path, list) }, { headers });
    }
    const page = Number(url.searchParams.get('page') ?? '1');
    const order = parseListOrder(url.searchParams.get('order') ?? undefined);
    const result = await listMessages(user.imap, path, { order, page: Number.isSafeInteger(page) && page > 0 ? page : 1 });
    return Response.json(result, { headers });
  } catch (error) {
    const failure = imapFailure(error);
    if (failure) return Response.json({ error: failure }, { status: failure === 'notFound' ? 404 : 503, headers });
    throw error;
  }
}
