/**
 * The whole HTML document the reading pane puts into its sandboxed iframe
 * (as srcdoc, or served by a route with frameContentSecurityPolicy({ header: true })):
 * its own CSP, no referrer, a readable base style, and the sanitised HTML or
 * the escaped, linked plain text.
 */
import { frameContentSecurityPolicy } from './frame-csp.ts';
import { escapeHtml, linkifyText } from './plain-text.ts';
import type { RenderedMessage } from './types.ts';

export type FrameDocumentOptions = {
  /** BCP 47 language of the user interface, for the document's lang (hyphenation, quotes). */
  locale: string;
};

// The mail's own CSS comes after this and may override it: these are defaults, and limits that keep wide mails readable.
const BASE_STYLE = `
:root { color-scheme: light; }
html, body { margin: 0; padding: 0; background: #fff; }
body { padding: 16px; color: #1f2937; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: anywhere; word-wrap: break-word; -webkit-text-size-adjust: 100%; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre.kontor-plain { margin: 0; white-space: pre-wrap; font-size: 14px; line-height: 1.5; }
blockquote { margin: 0 0 0 4px; padding-left: 12px; border-left: 3px solid #d1d5db; color: #4b5563; }
a { color: #1d4ed8; }
`;

export function messageFrameDocument(rendered: Pick<RenderedMessage, 'html' | 'text' | 'remoteContentAllowed'>, options: FrameDocumentOptions): string {
  const csp = frameContentSecurityPolicy({ allowRemote: rendered.remoteContentAllowed });
  const lang = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(options.locale) ? options.locale : 'en';
  const body = rendered.html ?? `<pre class="kontor-plain" style="white-space: pre-wrap">${linkifyText(rendered.text ?? '')}</pre>`;
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<style>${BASE_STYLE}</style>`,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
  ].join('\n');
}
