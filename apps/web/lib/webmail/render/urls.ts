/**
 * Which URLs a sanitised mail may keep. Links may point to the web (http,
 * https), to mail (mailto) or a phone (tel), or to a place in the message
 * itself (#name); images may only be inline parts we embedded ourselves or,
 * after the user allowed it, https. Relative URLs are never kept: in a frame
 * they would resolve against Kontor's own origin.
 */

/** Every link that leaves the frame: no window.opener, no Referer, no ranking credit for the sender. */
export const LINK_REL = 'noopener noreferrer nofollow';

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:', 'tel:']);
// What the URL parser itself drops: tabs and newlines anywhere ("java\tscript:"), C0 controls and spaces at the ends.
const URL_NOISE = /[\t\n\r]/g;
const compactUrl = (value: string): string => value.replace(URL_NOISE, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');

export type LinkTarget = { kind: 'fragment'; href: string } | { kind: 'external'; href: string };

/** A link's safe href, or null to drop it. The href is the parsed URL, so the title shows the real host (punycode). */
export function linkTarget(value: string): LinkTarget | null {
  const compact = compactUrl(value);
  if (/^#[^#]*$/.test(compact) && compact.length > 1) return { kind: 'fragment', href: compact };
  try {
    const url = new URL(compact);
    return LINK_PROTOCOLS.has(url.protocol) ? { kind: 'external', href: url.href } : null;
  } catch {
    return null;
  }
}

/** An absolute http(s) URL (a protocol-relative one counts as https), or null for anything else. */
export function remoteUrl(target: string): URL | null {
  const trimmed = compactUrl(target);
  const absolute = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
  if (!/^https?:/i.test(absolute)) return null;
  try {
    const url = new URL(absolute);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** `cid:abc%40x` → `abc@x`: the Content-ID a cid: URL names (RFC 2392), or null. */
export function cidOf(value: string): string | null {
  const compact = compactUrl(value);
  if (!/^cid:/i.test(compact)) return null;
  try {
    return decodeURIComponent(compact.slice(4)).replace(/^<|>$/g, '').trim().toLowerCase() || null;
  } catch {
    return null;
  }
}
