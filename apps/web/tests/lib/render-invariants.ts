/**
 * What a rendered message frame may contain, checked on the tree a real
 * HTML parser (jsdom's parse5, the WHATWG algorithm) builds from the frame
 * document, not with regular expressions over the text.
 */
import { JSDOM } from 'jsdom';

const FORBIDDEN_ELEMENTS = new Set([
  ...['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'base', 'link', 'form', 'input'],
  ...['button', 'textarea', 'select', 'option', 'svg', 'math', 'noscript', 'template', 'video', 'audio', 'source', 'track'],
  ...['picture', 'canvas', 'isindex', 'keygen', 'marquee', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'image'],
]);
const URL_ATTRIBUTES = ['action', 'formaction', 'poster', 'ping', 'data', 'codebase', 'xlink:href', 'cite', 'longdesc', 'manifest', 'background', 'srcdoc'];
const CSS_FORBIDDEN = /expression|@import|behavior|-moz-binding|javascript:|vbscript:|image-set|element\(|\\/i;
const OUR_META = new Set(['charset', 'content-security-policy', 'referrer', 'viewport']);

export type Violation = string;

/** Everything in a frame document that could run script or load something it should not. */
export function frameViolations(frameDocument: string, options: { allowRemote: boolean }): Violation[] {
  const { document } = new JSDOM(frameDocument).window;
  const violations: Violation[] = [];
  const metas = Array.from(document.querySelectorAll('meta'));
  for (const meta of metas) {
    const kind = meta.hasAttribute('charset') ? 'charset' : (meta.getAttribute('http-equiv') ?? meta.getAttribute('name') ?? '').toLowerCase();
    if (!OUR_META.has(kind) || meta.parentElement !== document.head) violations.push(`meta ${meta.outerHTML}`);
  }
  const styles = Array.from(document.querySelectorAll('style'));
  for (const style of styles) checkCss(style.textContent ?? '', options, `<style>`, violations);
  for (const element of Array.from(document.querySelectorAll('*'))) {
    const tag = element.localName;
    if (FORBIDDEN_ELEMENTS.has(tag) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml') violations.push(`element <${tag}>`);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) violations.push(`handler ${tag}[${name}]`);
      if (URL_ATTRIBUTES.includes(name)) violations.push(`url attribute ${tag}[${name}]`);
      if (name === 'style') checkCss(attribute.value, options, `${tag}[style]`, violations);
    }
    checkLink(element, violations);
    checkImage(element, options, violations);
  }
  return violations;
}

function checkLink(element: Element, violations: Violation[]): void {
  const href = element.getAttribute('href');
  if (href === null) {
    if (element.hasAttribute('target')) violations.push(`target without href on <${element.localName}>`);
    return;
  }
  if (!['a', 'area'].includes(element.localName)) {
    violations.push(`href on <${element.localName}>`);
    return;
  }
  if (/^#/.test(href)) return;
  if (!/^(https?:|mailto:|tel:)/i.test(href)) violations.push(`link ${href.slice(0, 80)}`);
  if (element.getAttribute('target') !== '_blank') violations.push(`link without target=_blank: ${href}`);
  if (element.getAttribute('rel') !== 'noopener noreferrer nofollow') violations.push(`link rel: ${href}`);
  if (element.getAttribute('title') !== href) violations.push(`link title is not the URL: ${href}`);
}

function imageAllowed(url: string, options: { allowRemote: boolean }): boolean {
  if (/^data:image\/(png|jpeg|gif|webp|bmp);base64,[a-z0-9+/=]+$/i.test(url)) return true;
  return options.allowRemote && /^https:\/\//i.test(url);
}

function checkImage(element: Element, options: { allowRemote: boolean }, violations: Violation[]): void {
  const src = element.getAttribute('src');
  if (src !== null && (element.localName !== 'img' || !imageAllowed(src, options))) violations.push(`src ${element.localName} ${src.slice(0, 80)}`);
  const srcset = element.getAttribute('srcset');
  if (srcset !== null) {
    const urls = srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? '');
    if (!options.allowRemote || urls.some((url) => !/^https:\/\//i.test(url))) violations.push(`srcset ${srcset.slice(0, 80)}`);
  }
}

function checkCss(css: string, options: { allowRemote: boolean }, where: string, violations: Violation[]): void {
  if (CSS_FORBIDDEN.test(css)) violations.push(`css in ${where}: ${css.slice(0, 120)}`);
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!imageAllowed(match[2] ?? '', options)) violations.push(`css url in ${where}: ${match[0].slice(0, 80)}`);
  }
  if (/<\/?[a-z!]/i.test(css)) violations.push(`markup in css in ${where}`);
}
