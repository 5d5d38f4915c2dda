import { folderSlug } from './folder-path.ts';

/**
 * The reading pane's own URLs, all under /webmail/message/<folder>/<uid>/:
 * the frame document (`body`), attachments, an attached message, the
 * source. `part` names an attached message (an attachment id such as `3`
 * or `3/message/2`); the routes resolve it inside the user's own message.
 * Runs in the browser too.
 */
export function messageBaseHref(path: string, uid: number): string {
  return `/webmail/message/${folderSlug(path)}/${uid}`;
}

function withQuery(href: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return search ? `${href}?${search}` : href;
}

/** The sandboxed frame's document; `remote` renders it with remote images and CSS. */
export function bodyHref(path: string, uid: number, options: { part?: string | null; remote?: boolean } = {}): string {
  return withQuery(`${messageBaseHref(path, uid)}/body`, { part: options.part ?? undefined, remote: options.remote ? '1' : undefined });
}

/** An attachment: a download, or (`inline`, for previewable parts only) shown by the browser. */
export function attachmentHref(path: string, uid: number, id: string, options: { inline?: boolean } = {}): string {
  return withQuery(`${messageBaseHref(path, uid)}/attachment`, { id, inline: options.inline ? '1' : undefined });
}

/** A message/rfc822 attachment opened as a message of its own. */
export function attachedMessageHref(path: string, uid: number, part: string): string {
  return withQuery(`${messageBaseHref(path, uid)}/attached`, { part });
}

/** Every header and the raw source, escaped, on a page of its own. */
export function sourceHref(path: string, uid: number): string {
  return `${messageBaseHref(path, uid)}/source`;
}

/** The raw message as an .eml download. */
export function rawHref(path: string, uid: number): string {
  return `${messageBaseHref(path, uid)}/raw`;
}
