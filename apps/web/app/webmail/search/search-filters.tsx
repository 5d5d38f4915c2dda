import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { folderSlug } from '@/lib/webmail/folder-path.ts';
import type { MailFolder } from '@/lib/webmail/folders.ts';
import type { SearchQuery } from '@/lib/webmail/search-query.ts';

const field =
  'block w-full min-w-0 rounded-md border-0 bg-white px-2 py-1.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600';

/** The search form: words, and the filters folder, received from/to, with attachments, unread only. A plain GET form. */
export function SearchFilters({ query, folders }: { query: SearchQuery; folders: MailFolder[] }) {
  const t = useTranslations('webmailList.search');
  const tm = useTranslations('webmail');
  const filtered = query.folder !== null || query.since !== null || query.until !== null || query.attachment || query.unread;
  return (
    <search className="border-b border-slate-200 px-2 py-2">
      <form method="get" action="/webmail/search" className="space-y-2" data-testid="search-form">
        <div className="flex gap-1.5">
          <label className="min-w-0 flex-1">
            <span className="sr-only">{t('label')}</span>
            <input id="webmail-search-q" type="search" name="q" defaultValue={query.q} placeholder={t('placeholder')} className={field} />
          </label>
          <button type="submit" className="rounded-md bg-indigo-600 px-3 text-sm font-semibold text-white hover:bg-indigo-500">
            {t('submit')}
          </button>
        </div>
        <details open={filtered} className="text-sm">
          <summary className="cursor-pointer text-xs font-medium text-slate-600">{t('filters')}</summary>
          <div className="mt-2 grid grid-cols-2 gap-2">
            <label className="col-span-2 block text-xs text-slate-600">
              {t('folder')}
              <select name="f" defaultValue={query.folder ? folderSlug(query.folder) : ''} className={field} data-testid="search-folder">
                <option value="">{t('allFolders')}</option>
                {folders
                  .filter((folder) => folder.selectable)
                  .map((folder) => (
                    <option key={folder.path} value={folderSlug(folder.path)}>
                      {'\u00a0\u00a0'.repeat(folder.depth)}
                      {folder.role ? tm(`roles.${folder.role}`) : folder.name}
                    </option>
                  ))}
              </select>
            </label>
            <label className="block text-xs text-slate-600">
              {t('since')}
              <input type="date" name="since" defaultValue={query.since ?? ''} className={field} data-testid="search-since" />
            </label>
            <label className="block text-xs text-slate-600">
              {t('until')}
              <input type="date" name="until" defaultValue={query.until ?? ''} className={field} data-testid="search-until" />
            </label>
            <label className="flex items-center gap-2 text-xs text-slate-700">
              <input
                type="checkbox"
                name="att"
                value="1"
                defaultChecked={query.attachment}
                className="size-4 rounded border-slate-300 text-indigo-600"
                data-testid="search-attachment"
              />
              {t('attachment')}
            </label>
            <label className="flex items-center gap-2 text-xs text-slate-700">
              <input
                type="checkbox"
                name="unread"
                value="1"
                defaultChecked={query.unread}
                className="size-4 rounded border-slate-300 text-indigo-600"
                data-testid="search-unread"
              />
              {t('unread')}
            </label>
            {filtered && (
              <Link
                href={`/webmail/search${query.q ? `?q=${encodeURIComponent(query.q)}` : ''}`}
                className="col-span-2 text-xs font-medium text-indigo-600 hover:text-indigo-500"
              >
                {t('reset')}
              </Link>
            )}
          </div>
        </details>
      </form>
    </search>
  );
}
