import { Node } from '@tiptap/core';

/** Sources an image in the editor keeps: embedded (data:, from the original's cid: parts) and web addresses. */
const KEPT_SOURCE = /^(?:data:image\/[a-z0-9.+-]+;base64,|https?:\/\/)/i;

/**
 * Images of a quoted original (a reply or forward) kept in the editor, as
 * the original had them: its inline cid: parts arrive as data: URIs (the
 * reader's renderer embeds them) and go out as cid: parts again
 * (lib/webmail/compose/mime.ts); remote ones keep their address for the
 * recipient's mail app, and the editor shows them as a placeholder (the
 * page's CSP, img-src 'self' data:, would refuse them too). The editor inserts no images of its own: dropped
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
  // In the editor a remote image is a placeholder naming it, never an <img>: nothing is fetched while writing.
  addNodeView() {
    return ({ node }) => {
      const src = String(node.attrs.src ?? '');
      if (src.startsWith('data:')) {
        const img = document.createElement('img');
        for (const name of ['src', 'alt', 'title', 'width', 'height']) if (node.attrs[name]) img.setAttribute(name, String(node.attrs[name]));
        return { dom: img };
      }
      const placeholder = document.createElement('span');
      placeholder.className = 'inline-block rounded bg-slate-100 px-1 text-xs text-slate-500 ring-1 ring-slate-200';
      placeholder.textContent = `[${node.attrs.alt || 'image'}]`;
      placeholder.title = src;
      placeholder.dataset.remoteImage = src;
      return { dom: placeholder };
    };
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', Object.fromEntries(Object.entries(HTMLAttributes).filter(([, value]) => value !== null && value !== undefined))];
  },
});
