/**
 * Attachment names come from the sender: encoded-words, RFC 2231, TNEF. A
 * name the browser or the user's disk gets must be a bare file name: no path
 * (`../../etc/passwd`, `C:\x`), no controls, no bidi override that turns
 * `exe.pdf` around, nothing Windows refuses, and not absurdly long.
 */
import { extensionForContentType } from './content-type.ts';
import { displayText } from './display-text.ts';

const MAX_LENGTH = 150;
// Reserved on Windows (and awkward everywhere): < > : " / \ | ? *
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/** A safe file name for a part; falls back to `attachment.<ext>` from the content type. */
export function sanitizeFilename(name: string | null | undefined, contentType: string): string {
  // The last path segment only, whichever separator the sender used.
  const base = displayText(name).split(/[/\\]/).pop() ?? '';
  let clean = base
    .replace(RESERVED, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_DEVICE.test(clean)) clean = `_${clean}`;
  if (!clean) return `attachment.${extensionForContentType(contentType)}`;
  return truncateKeepingExtension(clean, MAX_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (ext.length > 0 && ext.length <= 12) return chars.slice(0, max - ext.length).join('') + ext.join('');
  return chars.slice(0, max).join('');
}
