/**
 * The two webmail routes that answer with a mail's own content set their
 * own Content-Security-Policy and X-Frame-Options, which server.ts leaves to
 * them (Next.js never replaces a header server.ts already set):
 *   /webmail/message/<folder>/<uid>/body        the message frame: sandbox CSP, framed by our own pages only (SAMEORIGIN)
 *   /webmail/message/<folder>/<uid>/attachment  downloads and previews: sandbox CSP (PDF: no scripts), never framed
 * Every other response keeps the panel's nonce CSP and DENY. Should such a
 * route answer without its headers (an error inside Next.js), the strictest
 * pair is added when the head is written. No Next.js imports: server.ts loads it.
 */
import type { ServerResponse } from 'node:http';

const OWN_HEADERS_PATH = /^\/webmail\/message\/[A-Za-z0-9_-]+\/\d+\/(body|attachment)$/;

/** What such a response gets when its route set nothing. */
export const MESSAGE_ROUTE_FALLBACK_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
};

/** The names server.ts must not set for this request: they are the route's. */
export const ROUTE_OWNED_HEADERS = ['content-security-policy', 'x-frame-options'] as const;

/** True for the request target (path and query, as on the request line) of one of the routes above. */
export function routeSetsOwnFramingHeaders(requestTarget: string | undefined): boolean {
  if (!requestTarget?.startsWith('/')) return false;
  const pathname = requestTarget.split(/[?#]/, 1)[0] ?? '';
  return OWN_HEADERS_PATH.test(pathname);
}

/** Adds the fallback headers the route did not set, just before the status line goes out. */
export function ensureFramingHeaders(response: ServerResponse): void {
  const writeHead = response.writeHead;
  response.writeHead = function writeHeadWithFallback(this: ServerResponse, ...args: Parameters<ServerResponse['writeHead']>) {
    for (const [name, value] of Object.entries(MESSAGE_ROUTE_FALLBACK_HEADERS)) {
      if (!this.headersSent && !this.hasHeader(name)) this.setHeader(name, value);
    }
    return writeHead.apply(this, args);
  } as ServerResponse['writeHead'];
}
