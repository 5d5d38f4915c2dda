// The reader's header helpers: RFC 5987 file names (decoded back as a
// browser does) and the exact paths server.ts leaves their framing headers to.
import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { contentDisposition } from './content-disposition.ts';
import { ensureFramingHeaders, MESSAGE_ROUTE_FALLBACK_HEADERS, routeSetsOwnFramingHeaders } from './message-route-headers.ts';

/** What RFC 6266 clients read: filename* (UTF-8, percent-decoded) over filename. */
function readFilename(header: string): string {
  const extended = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  assert.ok(extended && /^[A-Za-z0-9!#$&+\-.^_`|~%]+$/.test(extended), `attr-chars only: ${extended}`);
  return decodeURIComponent(extended);
}

describe('reader headers', () => {
  it('Content-Disposition keeps the exact name in filename* and an ASCII one in filename', () => {
    for (const name of ['Preisliste Frühling 2026.pdf', "it's (final) *copy*.docx", 'عقد.pdf', '100% sure;.txt', 'a"b\\c.txt', '日本語.txt']) {
      const header = contentDisposition('attachment', name);
      assert.equal(readFilename(header), name);
      const fallback = /filename="([^"]*)"/.exec(header)?.[1] ?? '';
      assert.match(fallback, /^[\x20-\x7e]+$/);
      assert.doesNotMatch(fallback, /["\\%]/);
    }
    assert.equal(contentDisposition('inline', 'a.png'), `inline; filename="a.png"; filename*=UTF-8''a.png`);
  });

  it('leaves CSP and X-Frame-Options only to the body and attachment routes', () => {
    const slug = 'SU5CT1g';
    assert.ok(routeSetsOwnFramingHeaders(`/webmail/message/${slug}/12/body?remote=1`));
    assert.ok(routeSetsOwnFramingHeaders(`/webmail/message/${slug}/12/attachment?id=2%2Ftnef%2F0&inline=1`));
    for (const other of [
      `/webmail/message/${slug}/12/source`,
      `/webmail/message/${slug}/12/raw`,
      `/webmail/message/${slug}/12/attached?part=3`,
      `/webmail/message/${slug}/12/body/`,
      `/webmail/message/${slug}/12/body/x`,
      `/webmail/message/${slug}/x/body`,
      `/webmail/message/a.b/12/body`,
      `/webmail/f/${slug}?m=12`,
      `/x/webmail/message/${slug}/12/body`,
      `http://evil.example/webmail/message/${slug}/12/body`,
      '/',
      undefined,
    ]) {
      assert.equal(routeSetsOwnFramingHeaders(other), false, String(other));
    }
  });

  it('adds the strictest pair when such a route set none, and keeps the route’s own', () => {
    const fresh = () => new ServerResponse(new IncomingMessage(new Socket()));
    const bare = fresh();
    ensureFramingHeaders(bare);
    bare.writeHead(404);
    for (const [name, value] of Object.entries(MESSAGE_ROUTE_FALLBACK_HEADERS)) assert.equal(bare.getHeader(name), value);
    const own = fresh();
    ensureFramingHeaders(own);
    own.setHeader('X-Frame-Options', 'SAMEORIGIN');
    own.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    own.writeHead(200);
    assert.equal(own.getHeader('x-frame-options'), 'SAMEORIGIN');
    assert.equal(own.getHeader('content-security-policy'), "default-src 'none'; sandbox");
  });
});
