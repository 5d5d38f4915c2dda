import { folderFromSlug, folderSlug } from './folder-path.ts';

/**
 * The search page's query, as URL parameters (bookmarkable, a plain GET
 * form): `q` words, `f` one folder's slug (none: every folder), `since` and
 * `until` days (YYYY-MM-DD, both inclusive), `att=1` with attachments,
 * `unread=1` unread only. Shared by the page, its rows route and the form.
 */
export interface SearchQuery {
  q: string;
  /** A folder path; null searches every folder. */
  folder: string | null;
  since: string | null;
  until: string | null;
  attachment: boolean;
  unread: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string | null | undefined): string | null {
  if (!value || !DAY.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : value;
}

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: Params, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

/** At most this many words, each of at most 200 characters: every word is one more pass over the folder's text. */
export const MAX_WORDS = 5;

export function parseSearchQuery(params: Params): SearchQuery {
  const slug = read(params, 'f');
  return {
    q: (read(params, 'q') ?? '').trim().slice(0, 500),
    folder: slug ? folderFromSlug(slug) : null,
    since: validDay(read(params, 'since')),
    until: validDay(read(params, 'until')),
    attachment: read(params, 'att') === '1',
    unread: read(params, 'unread') === '1',
  };
}

/** The words searched: quoted phrases stay together ("order 42"), the rest split at spaces. */
export function searchWords(q: string): string[] {
  const words: string[] = [];
  for (const match of q.matchAll(/"([^"]+)"|(\S+)/g)) {
    const word = (match[1] ?? match[2] ?? '').trim().slice(0, 200);
    if (word) words.push(word);
  }
  return words.slice(0, MAX_WORDS);
}

/** A query that asks for something (words or a filter); an empty one shows the form only. */
export function isSearching(query: SearchQuery): boolean {
  return searchWords(query.q).length > 0 || query.attachment || query.unread || query.since !== null || query.until !== null;
}

export function searchParams(query: SearchQuery, extra: Record<string, string | number | undefined> = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.folder) params.set('f', folderSlug(query.folder));
  if (query.since) params.set('since', query.since);
  if (query.until) params.set('until', query.until);
  if (query.attachment) params.set('att', '1');
  if (query.unread) params.set('unread', '1');
  for (const [key, value] of Object.entries(extra)) if (value !== undefined && value !== '') params.set(key, String(value));
  return params;
}

export function searchHref(query: SearchQuery, extra: Record<string, string | number | undefined> = {}): string {
  const text = searchParams(query, extra).toString();
  return `/webmail/search${text ? `?${text}` : ''}`;
}
