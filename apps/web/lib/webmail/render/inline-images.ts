/**
 * cid: images (RFC 2392) become data: URIs of the mail's own inline parts,
 * so the frame needs no route and no network to show them. Only parts whose
 * bytes are a raster image qualify (an SVG could carry script), and the
 * embedded bytes are capped per message: past the cap an image is simply not
 * shown, and stays in the attachment list.
 */
import { sniffPreviewable } from './content-sniff.ts';

export const DEFAULT_MAX_INLINE_IMAGE_BYTES = 5 * 1024 * 1024;

export type InlinePart = { cid: string; content: Buffer };

export class InlineImages {
  private readonly parts = new Map<string, Buffer>();
  private readonly uris = new Map<string, string>();
  private readonly ownUris = new Set<string>();
  private budget: number;

  constructor(parts: InlinePart[], maxBytes: number) {
    for (const part of parts) {
      const key = part.cid.toLowerCase();
      if (!this.parts.has(key)) this.parts.set(key, part.content);
    }
    this.budget = maxBytes;
  }

  /** The data: URI for a Content-ID (lower case, no brackets), or null when unknown, not an image, or over the cap. */
  resolve(cid: string): string | null {
    const key = cid.toLowerCase();
    const known = this.uris.get(key);
    if (known) return known;
    const content = this.parts.get(key);
    if (!content) return null;
    const sniffed = sniffPreviewable(content);
    if (sniffed?.previewable !== 'image' || content.length > this.budget) return null;
    this.budget -= content.length;
    const uri = `data:${sniffed.contentType};base64,${content.toString('base64')}`;
    this.uris.set(key, uri);
    this.ownUris.add(uri);
    return uri;
  }

  isOwn(uri: string): boolean {
    return this.ownUris.has(uri);
  }

  /** The Content-IDs that were embedded. */
  embedded(): Set<string> {
    return new Set(this.uris.keys());
  }
}
