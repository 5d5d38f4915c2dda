/**
 * Whether a part may be previewed is decided by its bytes, not by the type
 * the sender declared: a "image/png" that is really HTML or SVG must never be
 * shown inline. Only raster formats every browser decodes without script, and
 * PDF (shown by the browser's own viewer), qualify.
 */
import type { Previewable } from './types.ts';

type Sniffed = { previewable: Previewable; contentType: string };

function startsWith(content: Buffer, bytes: number[], offset = 0): boolean {
  if (content.length < offset + bytes.length) return false;
  return bytes.every((byte, i) => content[offset + i] === byte);
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** The raster image or PDF the bytes are, or null. */
export function sniffPreviewable(content: Buffer): Sniffed | null {
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { previewable: 'image', contentType: 'image/png' };
  if (startsWith(content, [0xff, 0xd8, 0xff])) return { previewable: 'image', contentType: 'image/jpeg' };
  if (startsWith(content, ascii('GIF87a')) || startsWith(content, ascii('GIF89a'))) return { previewable: 'image', contentType: 'image/gif' };
  if (startsWith(content, ascii('RIFF')) && startsWith(content, ascii('WEBP'), 8)) return { previewable: 'image', contentType: 'image/webp' };
  if (startsWith(content, ascii('BM')) && content.length > 26) return { previewable: 'image', contentType: 'image/bmp' };
  if (startsWith(content, ascii('%PDF-'))) return { previewable: 'pdf', contentType: 'application/pdf' };
  return null;
}
