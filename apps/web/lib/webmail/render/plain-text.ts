/**
 * A plain text body as HTML: every character escaped, and https:// and
 * mailto: addresses made into links that open outside the frame (http:// and
 * everything else stays text, as the reading pane's rule says).
 */
import { LINK_REL } from './urls.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

// Up to whitespace or a character that cannot be part of a URL in running text.
const LINKABLE = /\b(?:https:\/\/|mailto:)[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?]+$/;

/** Escaped text with its https/mailto addresses linked. */
export function linkifyText(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LINKABLE)) {
    const start = match.index ?? 0;
    const candidate = trimUrl(match[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(href)}" target="_blank" rel="${LINK_REL}" title="${escapeHtml(href)}">${escapeHtml(candidate)}</a>`;
    last = start + candidate.length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Drops sentence punctuation and a closing bracket that was not opened inside the address. */
function trimUrl(url: string): string {
  let trimmed = url.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (trimmed.endsWith(close) && count(trimmed, close) > count(trimmed, open)) trimmed = trimmed.slice(0, -1).replace(TRAILING, '');
  }
  return trimmed;
}

const count = (text: string, char: string) => text.split(char).length - 1;

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol === 'https:' && url.hostname) return url.href;
    if (url.protocol === 'mailto:' && url.pathname) return url.href;
  } catch {
    // not a URL after all: stays text
  }
  return null;
}
