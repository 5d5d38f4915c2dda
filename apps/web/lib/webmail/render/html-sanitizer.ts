/**
 * A mail's HTML, sanitised on the server into a fragment for the message
 * frame.
 *
 * Why DOMPurify 3.5.0 with jsdom 29.1.1 (both pinned exactly in
 * apps/web/package.json): DOMPurify is Cure53's maintained sanitiser, run
 * against the mXSS research it is known for; with jsdom it parses with
 * parse5, an implementation of the WHATWG parsing algorithm, so the tree it
 * cleans is the tree Chromium builds from the same bytes. sanitize-html
 * parses with htmlparser2, which does not follow that algorithm, and
 * parser differentials are exactly what mXSS lives on. jsdom 29.1.1 is the
 * last release that supports Node 20, which Kontor runs on.
 *
 * Policy on top of DOMPurify's HTML profile (no SVG, no MathML):
 * - no forms or controls, frames, objects, media, templates, noscript, base, meta, link;
 * - links: only http(s), mailto, tel and in-message #fragments; every
 *   outside link gets target=_blank, rel="noopener noreferrer nofollow" and
 *   its real URL as the title;
 * - images: cid: parts become data: URIs; https only when remote content is
 *   allowed; everything else (http, relative, foreign data:) is removed;
 * - CSS in <style> and style="" goes through css-sanitizer.ts.
 * The result is sanitised a second time and must come out the same: a
 * fragment that changes when parsed again is the signature of mutation XSS,
 * and then only the second, stable result is used (or nothing).
 */
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
import { type CssContext, sanitizeStyleAttribute, sanitizeStyleSheet } from './css-sanitizer.ts';
import { cidOf, LINK_REL, linkTarget, remoteUrl } from './urls.ts';

export type HtmlContext = CssContext;

const FORBID_TAGS = [
  ...['form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'output', 'label'],
  ...['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base', 'meta', 'link', 'title'],
  ...['audio', 'video', 'source', 'track', 'picture', 'canvas', 'template', 'noscript', 'slot', 'shadow', 'content'],
  ...['element', 'decorator', 'dialog', 'menuitem', 'marquee', 'svg', 'math'],
];

const FORBID_ATTR = [
  ...['action', 'formaction', 'method', 'enctype', 'poster', 'ping', 'download', 'cite', 'longdesc', 'manifest'],
  ...['rel', 'rev', 'target', 'integrity', 'nonce', 'crossorigin', 'slot', 'autofocus', 'srcdoc', 'is'],
  ...['popover', 'popovertarget', 'popovertargetaction', 'xmlns', 'sizes'],
];

// DOMPurify tests every non-URI-safe attribute with this: scheme-like values
// must be one of ours; plain words and numbers ("center", "100") pass.
// The URL attributes themselves are decided again, strictly, in the hooks.
const ALLOWED_URI_REGEXP = /^(?:(?:https?|mailto|tel|cid):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

const CONFIG: Config & { RETURN_DOM: true } = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOWED_URI_REGEXP,
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  // Keeps a leading <style> in the body instead of hoisting it into a head we drop.
  FORCE_BODY: true,
  KEEP_CONTENT: true,
  RETURN_DOM: true,
};

// One DOM for the process: DOMPurify parses each input into a new document of it.
let sharedWindow: JSDOM['window'] | undefined;
function domWindow(): JSDOM['window'] {
  sharedWindow ??= new JSDOM('<!doctype html><title></title>').window;
  return sharedWindow;
}

/** The sanitised fragment; '' when nothing safe and stable is left. */
export function sanitizeMailHtml(html: string, context: HtmlContext): string {
  const window = domWindow();
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  installHooks(purify, context);
  const document = new window.DOMParser().parseFromString(html, 'text/html');
  let output = serialize(purify.sanitize(bodyAsWrapper(document), CONFIG));
  // mXSS guard: the fragment must survive being parsed and cleaned again unchanged.
  for (let pass = 0; pass < 2; pass += 1) {
    const again = serialize(purify.sanitize(output, CONFIG));
    if (again === output) return output;
    output = again;
  }
  return '';
}

function serialize(body: Node): string {
  removeComments(body);
  return (body as Element).innerHTML;
}

/**
 * The body's content in a <div> that carries the body's own look (style,
 * bgcolor, text, background), with the head's <style> elements first, so a
 * fragment keeps what a whole document had.
 */
function bodyAsWrapper(document: Document): Element {
  const wrapper = document.createElement('div');
  const body = document.body;
  const styles: string[] = [];
  const bgcolor = body.getAttribute('bgcolor');
  if (bgcolor && /^#?[a-z0-9]{1,20}$/i.test(bgcolor)) styles.push(`background-color: ${bgcolor}`);
  const text = body.getAttribute('text');
  if (text && /^#?[a-z0-9]{1,20}$/i.test(text)) styles.push(`color: ${text}`);
  const own = body.getAttribute('style');
  if (own) styles.push(own);
  if (styles.length > 0) wrapper.setAttribute('style', styles.join('; '));
  const background = body.getAttribute('background');
  if (background) wrapper.setAttribute('background', background);
  for (const style of Array.from(document.head.querySelectorAll('style'))) wrapper.appendChild(style);
  while (body.firstChild) wrapper.appendChild(body.firstChild);
  return wrapper;
}

function installHooks(purify: DOMPurify, context: HtmlContext): void {
  purify.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style') node.textContent = sanitizeStyleSheet(node.textContent ?? '', context);
  });
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    data.attrValue = sanitizeStyleAttribute(data.attrValue, context);
    if (!data.attrValue) data.keepAttr = false;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const tag = node.nodeName.toLowerCase();
    if (tag === 'a' || tag === 'area') rewriteLink(node);
    if (tag === 'img') rewriteImage(node, context);
    if (node.hasAttribute('background')) moveBackgroundToStyle(node, context);
    const usemap = node.getAttribute('usemap');
    if (usemap !== null && !/^#[\w-]+$/.test(usemap)) node.removeAttribute('usemap');
  });
}

function rewriteLink(element: Element): void {
  const href = element.getAttribute('href');
  const target = href === null ? null : linkTarget(href);
  if (!target) {
    element.removeAttribute('href');
    return;
  }
  element.setAttribute('href', target.href);
  // A #fragment stays in the message; everything else opens outside the frame.
  if (target.kind === 'external') {
    element.setAttribute('target', '_blank');
    element.setAttribute('rel', LINK_REL);
    element.setAttribute('title', target.href);
  }
}

/** An image URL the frame may load, or null; tells the context when a remote one is dropped. */
function imageSource(value: string, context: HtmlContext): string | null {
  const cid = cidOf(value);
  if (cid) return context.resolveCid(cid);
  if (context.isOwnDataUri(value)) return value;
  const remote = remoteUrl(value);
  if (!remote) return null;
  if (context.allowRemote && remote.protocol === 'https:') return remote.href;
  context.remoteBlocked();
  return null;
}

function rewriteImage(element: Element, context: HtmlContext): void {
  const src = element.getAttribute('src');
  if (src !== null) {
    const safe = imageSource(src, context);
    if (safe) element.setAttribute('src', safe);
    else element.removeAttribute('src');
  }
  const srcset = element.getAttribute('srcset');
  if (srcset !== null) {
    const safe = rewriteSrcset(srcset, context);
    if (safe) element.setAttribute('srcset', safe);
    else element.removeAttribute('srcset');
  }
}

/** srcset candidates (`url 2x, url 300w`): https ones only, and only when remote content is allowed. */
function rewriteSrcset(srcset: string, context: HtmlContext): string {
  const kept: string[] = [];
  for (const candidate of srcset.split(/,(?=\s|$)/)) {
    const [url, descriptor, ...rest] = candidate.trim().split(/\s+/);
    if (!url) continue;
    const remote = remoteUrl(url);
    if (!remote) continue;
    const validDescriptor = descriptor === undefined || /^\d+(\.\d+)?[wx]$/.test(descriptor);
    if (context.allowRemote && remote.protocol === 'https:' && validDescriptor && rest.length === 0 && !/[,\s]/.test(remote.href)) {
      kept.push(descriptor ? `${remote.href} ${descriptor}` : remote.href);
    } else context.remoteBlocked();
  }
  return kept.join(', ');
}

/** The legacy background="" attribute (body, table, td) as CSS, judged like an <img src>. */
function moveBackgroundToStyle(element: Element, context: HtmlContext): void {
  const value = element.getAttribute('background') ?? '';
  element.removeAttribute('background');
  const safe = imageSource(value, context);
  if (!safe || /["'()\s\\]/.test(safe)) return;
  const style = element.getAttribute('style');
  element.setAttribute('style', `background-image: url("${safe}")${style ? `; ${style}` : ''}`);
}

function removeComments(root: Node): void {
  const document = root.ownerDocument;
  if (!document) return;
  const walker = document.createTreeWalker(root, 0x80 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}
