import { Node } from '@tiptap/core';

/** Sources an image in the editor keeps: embedded (data:, from the original's cid: parts) and web addresses. */
const KEPT_SOURCE = /^(?:data:image\/[a-z0-9.+-]+;base64,|https?:\/\/)/i;

/**
 * Images of a quoted original (a reply or forward) kept in the editor, as
 * the original had them: its inline cid: parts arrive as data: URIs (the
 * reader's renderer embeds them) and go out as cid: parts again
 * (lib/webmail/compose/mime.ts); remote ones keep their address, and the
 * compose page's CSP (img-src 'self' data:) keeps the browser from loading
 * them while writing. The editor inserts no images of its own: dropped
 * files become attachments.
 */
export const QuotedImageNode = Node.create({
  name: 'image',
  group: 'inline',
  inline: true,
  atom: true,
  draggable: true,
  addAttributes() {
    const attribute = (name: string) => ({ default: null, parseHTML: (element: HTMLElement) => element.getAttribute(name) });
    return { src: attribute('src'), alt: attribute('alt'), title: attribute('title'), width: attribute('width'), height: attribute('height') };
  },
  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: (element) => (KEPT_SOURCE.test((element as HTMLElement).getAttribute('src') ?? '') ? null : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', Object.fromEntries(Object.entries(HTMLAttributes).filter(([, value]) => value !== null && value !== undefined))];
  },
});
