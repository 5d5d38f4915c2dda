import { folderHref, folderSlug } from './folder-path.ts';

/**
 * The webmail's URLs for one message (the contract every webmail part
 * links by): compose modes and the list that opens it. Runs in the browser
 * too (the list's shortcuts).
 */
export type ComposeMode = 'reply' | 'replyAll' | 'forward' | 'forwardAttachment';

export function composeHref(mode: ComposeMode, path: string, uid: number): string {
  return `/webmail/compose?${new URLSearchParams({ mode, f: folderSlug(path), uid: String(uid) })}`;
}

export const NEW_MESSAGE_HREF = '/webmail/compose';

/** Where the list is and how a message opens in it: a folder page, or the search page with its query. */
export type ListSource = { kind: 'folder'; path: string; order: string } | { kind: 'search'; query: string };

export function listHref(source: ListSource): string {
  return source.kind === 'folder' ? folderHref(source.path) : `/webmail/search${source.query ? `?${source.query}` : ''}`;
}

export function openHref(source: ListSource, path: string, uid: number): string {
  if (source.kind === 'folder') return folderHref(path, { m: uid });
  const params = new URLSearchParams(source.query);
  params.set('mf', folderSlug(path));
  params.set('m', String(uid));
  return `/webmail/search?${params}`;
}

/** The URL a list asks for its page `page` (JSON rows). */
export function rowsHref(source: ListSource, page: number): string {
  if (source.kind === 'folder') return `/webmail/f/${folderSlug(source.path)}/rows?${new URLSearchParams({ page: String(page), order: source.order })}`;
  const params = new URLSearchParams(source.query);
  params.set('page', String(page));
  return `/webmail/search/rows?${params}`;
}

export function threadRowsHref(path: string, uids: number[]): string {
  return `/webmail/f/${folderSlug(path)}/rows?uids=${uids.join(',')}`;
}
