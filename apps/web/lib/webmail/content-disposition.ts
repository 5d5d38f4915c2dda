/**
 * Content-Disposition for attachment downloads and previews: a quoted ASCII
 * `filename` for old clients and the exact name as RFC 5987 / RFC 6266
 * `filename*` (UTF-8, percent-encoded), which every current browser prefers.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'attachment';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * and ! unescaped, which attr-char does not allow (except !). */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
