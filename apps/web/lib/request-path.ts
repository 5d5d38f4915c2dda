/**
 * Whether the path of a request URL (query left aside) holds a percent-escape
 * that does not decode: `%A` cut short, `%ZZ`, bytes that are not UTF-8.
 * Next.js decodes the path for its dynamic routes and answers such a URL
 * with a 500; it is the client's mistake, so server.ts answers 400 first.
 */
export function hasMalformedPathEscape(url: string | undefined): boolean {
  if (!url) return false;
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes('%')) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}
