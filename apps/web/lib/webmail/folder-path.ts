/**
 * Folder paths in URLs: IMAP paths hold "/", ".", spaces and any Unicode,
 * so a page names its folder by the path's base64url (one URL segment).
 * Runs in the browser too (the folder tree), hence no Buffer.
 */
export function folderSlug(path: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(path)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The path of a slug; null for one that is not (the page answers 404). */
export function folderFromSlug(slug: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(slug)) return null;
  try {
    const binary = atob(slug.replace(/-/g, '+').replace(/_/g, '/'));
    const path = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    // No IMAP folder name holds control characters; a NUL in one would reach the IMAP command line.
    if (!path || /[\x00-\x1f\x7f]/.test(path)) return null;
    return folderSlug(path) === slug ? path : null;
  } catch {
    return null;
  }
}

export function folderHref(path: string, query?: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/webmail/f/${folderSlug(path)}${search ? `?${search}` : ''}`;
}
