/**
 * CSS from a mail, kept for layout and stripped of everything that loads or
 * runs something: `url()` (unless it is an inline cid: image, or an https
 * image the user allowed), `image-set()` and every other function not on a
 * short list, `expression()`, `behavior`, `-moz-binding`, `@import`,
 * `@font-face`. postcss splits rules and declarations; each value is then
 * scanned here and re-written from what passed, so the output is text this
 * module produced, not the sender's.
 *
 * Values with a backslash (CSS escapes: `u\72l(`), angle brackets (a
 * `</style>` breaking out of the element), braces or semicolons outside the
 * value's own syntax, or an unterminated string are dropped whole: no
 * legitimate mail layout needs them, and each is a known way to make a
 * filter and a browser read different things.
 */
import postcss, { type ChildNode, type Container, type Declaration } from 'postcss';
import { cidOf, remoteUrl } from './urls.ts';

export type CssContext = {
  allowRemote: boolean;
  /** The data: URI of an inline part for a Content-ID, or null. */
  resolveCid(cid: string): string | null;
  /** A data: URI this renderer produced itself (a second pass meets them again). */
  isOwnDataUri(uri: string): boolean;
  /** Told whenever a remote (http/https) reference is removed. */
  remoteBlocked(): void;
};

const ALLOWED_FUNCTIONS = new Set([
  ...['rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color', 'color-mix'],
  ...['calc', 'min', 'max', 'clamp', 'var', 'env', 'minmax', 'fit-content', 'repeat', 'counter', 'counters'],
  ...['linear-gradient', 'radial-gradient', 'conic-gradient', 'repeating-linear-gradient', 'repeating-radial-gradient'],
  ...['repeating-conic-gradient', '-webkit-linear-gradient', '-webkit-radial-gradient', '-moz-linear-gradient'],
  ...['-o-linear-gradient', '-webkit-gradient'],
  ...['translate', 'translatex', 'translatey', 'translatez', 'translate3d', 'scale', 'scalex', 'scaley', 'scale3d'],
  ...['rotate', 'rotatex', 'rotatey', 'rotatez', 'rotate3d', 'skew', 'skewx', 'skewy', 'matrix', 'matrix3d', 'perspective'],
  ...['cubic-bezier', 'steps', 'rect', 'inset', 'circle', 'ellipse', 'polygon'],
  ...['blur', 'brightness', 'contrast', 'drop-shadow', 'grayscale', 'hue-rotate', 'invert', 'opacity', 'saturate', 'sepia'],
]);

// Properties that bind script or behaviour (old IE, old Gecko), whatever their value.
const FORBIDDEN_PROPERTY = /behavior|binding|^-ms-filter$/i;
const PROPERTY = /^(--[a-z0-9_-]{1,100}|-?[a-z][a-z0-9-]{0,100})$/i;
const FORBIDDEN_WORDS = /expression|javascript:|vbscript:|livescript:|mocha:/i;
// Unsafe anywhere in a value; braces, semicolons and at-signs only outside strings (a data: URI has a ';').
const UNSAFE_CHARS = /[\\<>\u0000-\u001f\u007f]/;
const UNSAFE_OUTSIDE_STRINGS = new Set(['{', '}', ';', '@']);
// Braces, semicolons and angle brackets end a rule or the <style> element; at-sign starts a rule.
const UNSAFE_IN_SELECTOR = /[\\<>{};@\u0000-\u001f\u007f]/;

const KEPT_AT_RULES = new Set(['media', 'supports', 'keyframes', '-webkit-keyframes']);

/** A stylesheet (the text of a <style> element), rewritten; '' when it cannot be parsed. */
export function sanitizeStyleSheet(css: string, context: CssContext): string {
  let root: postcss.Root;
  try {
    root = postcss.parse(css);
  } catch {
    return '';
  }
  return serializeChildren(root, context);
}

/** The value of a style="" attribute, rewritten; '' when nothing is left. */
export function sanitizeStyleAttribute(value: string, context: CssContext): string {
  let root: postcss.Root;
  try {
    root = postcss.parse(value);
  } catch {
    return '';
  }
  const out: string[] = [];
  root.each((node) => {
    if (node.type === 'decl') {
      const decl = serializeDeclaration(node, context);
      if (decl) out.push(decl);
    }
  });
  return out.join('; ');
}

function serializeChildren(container: Container, context: CssContext): string {
  const out: string[] = [];
  container.each((node: ChildNode) => {
    const text = serializeNode(node, context);
    if (text) out.push(text);
  });
  return out.join('\n');
}

function serializeNode(node: ChildNode, context: CssContext): string {
  if (node.type === 'rule') {
    const selector = node.selector.replace(/\s+/g, ' ').trim();
    if (!selector || UNSAFE_IN_SELECTOR.test(selector) || FORBIDDEN_WORDS.test(selector)) return '';
    const declarations: string[] = [];
    node.each((child) => {
      if (child.type === 'decl') {
        const decl = serializeDeclaration(child, context);
        if (decl) declarations.push(decl);
      }
    });
    return declarations.length > 0 ? `${selector} { ${declarations.join('; ')} }` : '';
  }
  if (node.type === 'atrule') {
    const name = node.name.toLowerCase();
    if (name === 'import') {
      // A remote stylesheet: never loaded, allowed or not (only images are).
      if (/https?:|\/\//i.test(node.params)) context.remoteBlocked();
      return '';
    }
    if (!KEPT_AT_RULES.has(name) || !node.nodes) return '';
    const params = node.params.replace(/\s+/g, ' ').trim();
    if (UNSAFE_IN_SELECTOR.test(params) || /url|\(\s*['"]/i.test(params) || FORBIDDEN_WORDS.test(params)) return '';
    const inner = serializeChildren(node, context);
    return inner ? `@${name} ${params} {\n${inner}\n}` : '';
  }
  return '';
}

function serializeDeclaration(decl: Declaration, context: CssContext): string | null {
  const prop = decl.prop.trim();
  if (!PROPERTY.test(prop) || FORBIDDEN_PROPERTY.test(prop)) return null;
  const value = sanitizeValue(decl.value, context);
  if (value === null || value === '') return null;
  return `${prop}: ${value}${decl.important ? ' !important' : ''}`;
}

/**
 * One declaration value, scanned left to right: strings are copied, function
 * names checked against the list, url() targets replaced. Null drops the
 * declaration.
 */
export function sanitizeValue(raw: string, context: CssContext): string | null {
  const value = raw.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/[\t\n\r\f]+/g, ' ');
  if (UNSAFE_CHARS.test(value) || FORBIDDEN_WORDS.test(value)) return null;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const char = value[i] as string;
    if (char === '"' || char === "'") {
      const end = value.indexOf(char, i + 1);
      if (end < 0) return null;
      out += value.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (UNSAFE_OUTSIDE_STRINGS.has(char)) return null;
    const fn = /^(-?[a-z_][a-z0-9_-]*)\(/i.exec(value.slice(i));
    if (fn) {
      const name = (fn[1] as string).toLowerCase();
      if (name === 'url') {
        const url = readUrl(value, i + fn[0].length);
        if (!url) return null;
        const replacement = rewriteUrl(url.target, context);
        if (!replacement) return null;
        out += replacement;
        i = url.end;
        continue;
      }
      if (!ALLOWED_FUNCTIONS.has(name)) return null;
      out += fn[0];
      i += fn[0].length;
      continue;
    }
    out += char;
    i += 1;
  }
  return out.trim();
}

/** The target of `url(` … `)` starting after the parenthesis, and the index after the closing one. */
function readUrl(value: string, start: number): { target: string; end: number } | null {
  let i = start;
  while (value[i] === ' ') i += 1;
  const quote = value[i];
  let target: string;
  if (quote === '"' || quote === "'") {
    const close = value.indexOf(quote, i + 1);
    if (close < 0) return null;
    target = value.slice(i + 1, close);
    i = close + 1;
  } else {
    const close = value.indexOf(')', i);
    if (close < 0) return null;
    target = value.slice(i, close);
    i = close;
    if (/['"(\s]/.test(target.trim())) return null;
  }
  while (value[i] === ' ') i += 1;
  if (value[i] !== ')') return null;
  return { target: target.trim(), end: i + 1 };
}

function rewriteUrl(target: string, context: CssContext): string | null {
  const cid = cidOf(target);
  if (cid) {
    const data = context.resolveCid(cid);
    return data ? `url("${data}")` : null;
  }
  if (context.isOwnDataUri(target)) return `url("${target}")`;
  const remote = remoteUrl(target);
  if (!remote) return null;
  if (context.allowRemote && remote.protocol === 'https:' && !/["'()\s]/.test(remote.href)) return `url("${remote.href}")`;
  context.remoteBlocked();
  return null;
}
