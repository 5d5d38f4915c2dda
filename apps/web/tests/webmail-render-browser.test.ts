// The hostile corpus in a real browser (Debian's Chromium): each mail's
// frame document is loaded in a sandboxed iframe inside a blank page from a
// tiny local HTTP server, three ways:
//   srcdoc      – as the reading pane may embed it (the meta CSP only);
//   route       – served by the server with frameContentSecurityPolicy({ header: true });
//   no CSP      – the sanitised HTML alone, in a frame that ALLOWS scripts and
//                 has no CSP: proves the sanitiser by itself leaves nothing that runs or loads.
// Chromium is started with the local server as its proxy for everything,
// loopback included, so the server sees every request any frame makes at the
// network level (Playwright's own request events miss sandboxed srcdoc
// frames): only the top page (and, for `route`, the frame) may be fetched;
// anything else, remote or to the local server, fails the test. Payloads log
// KONTOR_XSS, call alert and set window.top.__xss; the test listens for all
// three and checks the top page's DOM and URL. A positive control loads
// unsanitised HTML the same way and must trip every detector.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '@kontor/core/ports';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FRAME_SANDBOX, frameContentSecurityPolicy, messageFrameDocument, renderMessage } from '../lib/webmail/render/index.ts';
import { launchChromium } from './lib/chromium.ts';

const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/xss');
const files = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.eml'))
  .sort();
const TOP_PAGE = '<!doctype html><html><head><title>top</title></head><body><div id="marker">untouched</div><div id="slot"></div></body></html>';
const SETTLE_MS = 150;
// Chromium's own background calls (account and component services) reach the proxy too; no payload uses these hosts.
const BROWSER_SERVICES = /^https?:\/\/([\w-]+\.)*(google\.com|googleapis\.com|gstatic\.com)(:\d+)?(\/|$)/;

type Mode = { name: string; how: 'srcdoc' | 'route'; sandbox: string; stripCsp: boolean };
const MODES: Mode[] = [
  { name: 'srcdoc', how: 'srcdoc', sandbox: FRAME_SANDBOX, stripCsp: false },
  { name: 'route', how: 'route', sandbox: FRAME_SANDBOX, stripCsp: false },
  { name: 'no CSP, scripts allowed', how: 'srcdoc', sandbox: `allow-scripts ${FRAME_SANDBOX}`, stripCsp: true },
];

describe('the XSS corpus in Chromium', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const frames = new Map<string, { body: string; csp: string }>();
  const serverHits: string[] = [];
  const remoteRequests: string[] = [];
  const markers: string[] = [];
  const popups: string[] = [];

  /** The origin server and, for every other host, the proxy that records and refuses. */
  function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', base);
    if (url.origin !== base) {
      if (!BROWSER_SERVICES.test(url.href)) remoteRequests.push(url.href);
      response.writeHead(403).end();
      return;
    }
    const pathname = url.pathname + url.search;
    serverHits.push(pathname);
    const frame = frames.get(pathname);
    if (pathname === '/top') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(TOP_PAGE);
    else if (frame) response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': frame.csp }).end(frame.body);
    else response.writeHead(404).end();
  }

  before(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = createServer(handle);
    // https: the browser asks the proxy for a tunnel; the host is all we learn, and the tunnel is refused.
    server.on('connect', (request, socket) => {
      if (!BROWSER_SERVICES.test(`https://${request.url}`)) remoteRequests.push(`https://${request.url}`);
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    browser = await launchChromium([`--proxy-server=${base}`, '--proxy-bypass-list=<-loopback>']);
    context = await browser.newContext();
    context.on('page', (popup) => popups.push(popup.url()));
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.text().includes('KONTOR_XSS')) markers.push(`console: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      markers.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${base}/top`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Loads one frame document into a fresh iframe and waits for it to settle. */
  async function loadFrame(frameDocument: string, mode: Mode, key: string): Promise<void> {
    const body = mode.stripCsp ? frameDocument.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') : frameDocument;
    assert.ok(!mode.stripCsp || !body.includes('Content-Security-Policy'));
    let src: string | null = null;
    if (mode.how === 'route') {
      src = `/frame/${key}`;
      const allowRemote = /img-src data: https:/.test(frameDocument);
      frames.set(src, { body, csp: frameContentSecurityPolicy({ allowRemote, header: true }) });
    }
    await page.evaluate(
      ({ srcdoc, src, sandbox }) =>
        new Promise<void>((resolve) => {
          const frame = document.createElement('iframe');
          frame.setAttribute('sandbox', sandbox);
          frame.addEventListener('load', () => resolve(), { once: true });
          if (src) frame.src = src;
          else frame.srcdoc = srcdoc;
          document.getElementById('slot')?.replaceChildren(frame);
        }),
      { srcdoc: body, src, sandbox: mode.sandbox },
    );
    await page.waitForTimeout(SETTLE_MS);
  }

  function resetRecords() {
    serverHits.length = 0;
    remoteRequests.length = 0;
    markers.length = 0;
    popups.length = 0;
  }

  async function assertTopUntouched(label: string, allowedHits: string[]) {
    const state = await page.evaluate(() => ({
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      marker: document.getElementById('marker')?.textContent ?? null,
      title: document.title,
      href: location.href,
      children: document.body.children.length,
    }));
    assert.deepEqual(state, { xss: null, marker: 'untouched', title: 'top', href: `${base}/top`, children: 2 }, `${label}: top page unchanged`);
    assert.equal(page.url(), `${base}/top`, `${label}: no navigation`);
    assert.deepEqual(markers, [], `${label}: no script ran`);
    assert.deepEqual(remoteRequests, [], `${label}: no request left the page`);
    assert.deepEqual(
      serverHits.filter((hit) => !allowedHits.includes(hit)),
      [],
      `${label}: the local server saw nothing from inside the frame`,
    );
    assert.deepEqual(popups, [], `${label}: no popup`);
  }

  /** Loads a corpus mail's HTML as mailparser gives it, unsanitised, in a frame that runs scripts. */
  async function loadUnsanitised(name: string): Promise<void> {
    resetRecords();
    const parsed = await simpleParser(readFileSync(path.join(CORPUS_DIR, name)));
    await loadFrame(`<!doctype html>${parsed.html || ''}`, MODES[2] as Mode, `control-${name}`);
  }

  it('the detectors work: unsanitised HTML trips each of them', async () => {
    await loadUnsanitised('01-script-basic.eml');
    assert.ok(markers.includes('console: KONTOR_XSS'), markers.join(', '));
    await loadUnsanitised('64-tracking-img-https.eml');
    assert.ok(remoteRequests.includes('https://tracker.example:443'), remoteRequests.join(', '));
    await loadUnsanitised('24-url-relative-local.eml');
    assert.ok(serverHits.includes('/webmail/steal.png'), serverHits.join(', '));
  });

  for (const file of files) {
    it(`${file}: nothing runs, nothing loads, nothing escapes`, async () => {
      const raw = readFileSync(path.join(CORPUS_DIR, file));
      const rendered = await renderMessage(raw, { allowRemote: false });
      const frameDocument = messageFrameDocument(rendered, { locale: 'en' });
      for (const mode of MODES) {
        resetRecords();
        const key = `${file}-${mode.how}-${mode.stripCsp ? 'nocsp' : 'csp'}`;
        await loadFrame(frameDocument, mode, key);
        await assertTopUntouched(`${file} (${mode.name})`, ['/top', `/frame/${key}`]);
      }
    });
  }

  it('after the user allows remote content, https images load and http ones still do not', async () => {
    const raw = readFileSync(path.join(CORPUS_DIR, files.find((f) => f.includes('tracking-img-https')) as string));
    const rendered = await renderMessage(raw, { allowRemote: true });
    resetRecords();
    await loadFrame(messageFrameDocument(rendered, { locale: 'en' }), MODES[0] as Mode, 'allowed');
    assert.deepEqual([...new Set(remoteRequests)], ['https://tracker.example:443']);
    const http = await renderMessage(readFileSync(path.join(CORPUS_DIR, files.find((f) => f.includes('tracking-img-http.')) as string)), { allowRemote: true });
    resetRecords();
    await loadFrame(messageFrameDocument(http, { locale: 'en' }), MODES[0] as Mode, 'allowed-http');
    assert.deepEqual(remoteRequests, []);
  });
});
