import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Alert, cx } from '@/components/ui.tsx';
import { folderFromSlug } from '@/lib/webmail/folder-path.ts';
import { listFolders, type MailFolder } from '@/lib/webmail/folders.ts';
import { imapFailure } from '@/lib/webmail/imap-errors.ts';
import { requireMailUser } from '@/lib/webmail/mail-session.ts';
import { type SearchPage, searchMessages } from '@/lib/webmail/search.ts';
import { isSearching, parseSearchQuery, searchHref, searchParams } from '@/lib/webmail/search-query.ts';
import { MessageList } from '../_components/message-list.tsx';
import { ReadingPane } from '../_components/reading-pane.tsx';
import { SearchFilters } from './search-filters.tsx';

export const dynamic = 'force-dynamic';

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Search: the form with its filters (a GET form, so a search is a URL),
 * the results as a list like a folder's (paged as it scrolls, bulk actions),
 * and the open result beside them (?mf=<folder slug>&m=<uid>).
 */
export default async function SearchPageView({ searchParams: params }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireMailUser();
  const raw = await params;
  const query = parseSearchQuery(raw);
  const openPath = first(raw.mf) ? folderFromSlug(first(raw.mf) ?? '') : null;
  const openUid = Number(first(raw.m));
  const open = openPath && Number.isSafeInteger(openUid) && openUid > 0 ? { path: openPath, uid: openUid } : null;
  const t = await getTranslations('webmail');
  const ts = await getTranslations('webmailList.search');
  let folders: MailFolder[];
  let results: SearchPage | null = null;
  try {
    folders = await listFolders(user.imap);
    if (isSearching(query)) results = await searchMessages(user.imap, query);
  } catch (error) {
    const failure = imapFailure(error);
    if (failure) return <Alert tone="amber">{t(failure === 'unavailable' ? 'unavailable' : 'folderNotFound')}</Alert>;
    throw error;
  }
  const title = results ? (
    <p className="truncate text-xs text-slate-600" data-testid="search-summary">
      {ts('results', { count: results.total })} {results.total > 0 && ts('inFolders', { count: results.foldersWithHits })}
    </p>
  ) : null;
  return (
    <div className="flex min-h-0 flex-1">
      <section className={cx('flex min-h-0 w-full min-w-0 flex-col border-r border-slate-200 lg:w-[27rem] lg:shrink-0', open && 'hidden lg:flex')}>
        <SearchFilters query={query} folders={folders} />
        {results ? (
          <MessageList
            key={searchParams(query).toString()}
            source={{ kind: 'search', query: searchParams(query).toString() }}
            snapshot={{ rows: results.rows, total: results.total, pageSize: results.pageSize }}
            open={open}
            folders={folders}
            role="search"
            path={null}
            showRecipients={false}
            now={new Date().toISOString()}
            title={title}
            empty={ts('noResults')}
          />
        ) : (
          <p className="p-6 text-sm text-slate-500" data-testid="search-empty">
            {ts('empty')}
          </p>
        )}
      </section>
      <section className={cx('min-h-0 min-w-0 flex-1 overflow-y-auto', !open && 'hidden lg:block')}>
        {open ? (
          <>
            <Link href={searchHref(query)} className="block border-b border-slate-100 px-4 py-2 text-sm text-indigo-700 lg:hidden" data-testid="back-to-list">
              ← {t('backToList')}
            </Link>
            <ReadingPane user={user} path={open.path} uid={open.uid} />
          </>
        ) : (
          <p className="p-6 text-sm text-slate-500">{t('noMessageSelected')}</p>
        )}
      </section>
    </div>
  );
}
