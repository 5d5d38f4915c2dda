import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { currentMailUser } from '@/lib/webmail/mail-session.ts';
import { searchMessages } from '@/lib/webmail/search.ts';
import { isSearching, parseSearchQuery } from '@/lib/webmail/search-query.ts';

export const dynamic = 'force-dynamic';

/** Further pages of search results (the search page's own URL parameters plus `page`), as the user scrolls. */
export async function GET(request: Request) {
  const user = await currentMailUser();
  if (!user || user === 'admin-only') return Response.json({ error: 'signedOut' }, { status: 401 });
  const params = new URL(request.url).searchParams;
  const query = parseSearchQuery(params);
  const headers = { 'Cache-Control': 'no-store' };
  if (!isSearching(query)) return Response.json({ rows: [], total: 0, page: 1, pageSize: 50, folders: [], foldersWithHits: 0 }, { headers });
  const page = Number(params.get('page') ?? '1');
  try {
    return Response.json(await searchMessages(user.imap, query, Number.isSafeInteger(page) && page > 0 ? page : 1), { headers });
  } catch (error) {
    const failure = imapFailure(error);
    if (failure) return Response.json({ error: failure }, { status: failure === 'notFound' ? 404 : 503, headers });
    throw error;
  }
}
