/**
 * Content types as the renderer hands them on: a lower-case `type/subtype`
 * token a route can put in a Content-Type header as it is, and the guesses
 * for files that came without one (TNEF contents) or without a name.
 */
import libmime from 'libmime';

const TOKEN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
export const OCTET_STREAM = 'application/octet-stream';

/** `Text/HTML; charset=x` → `text/html`; anything that is not a clean token → application/octet-stream. */
export function normalizeContentType(value: string | null | undefined): string {
  const bare = (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return TOKEN.test(bare) ? bare : OCTET_STREAM;
}

/** The content type a file name suggests (libmime's table); application/octet-stream when unknown. */
export function contentTypeForFilename(filename: string): string {
  return normalizeContentType(libmime.detectMimeType(filename));
}

/** A file extension for a content type (`bin` when unknown), for parts that came without a name. */
export function extensionForContentType(contentType: string): string {
  const ext = libmime.detectExtension(contentType);
  return /^[a-z0-9]{1,10}$/i.test(ext) ? ext : 'bin';
}
