// The hostile corpus (tests/fixtures/xss, 80 mails) end to end: every mail
// is delivered over SMTP to anna and opened in the real webmail page, one
// browser and one page for all of them. Chromium runs behind a recording
// proxy that carries every request (loopback included, sandboxed frames
// included: Playwright's own request events miss those), so the test sees
// at the network level that nothing went to a remote host before the user
// allowed it, and that the frame asked the web app for nothing but itself.
// Payloads log KONTOR_XSS, call alert() and set window.top.__xss: the test
// listens for all three, and checks that the top page kept its URL, title
// and frame and that no handler or script reached its DOM. Finally remote
// content is allowed for one mail, and its remote image is requested.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { folderHref } from '../lib/webmail/folder-path.ts';
import { FRAME_SANDBOX } from '../lib/webmail/render/frame-csp.ts';
import { launchChromium } from './lib/chromium.ts';
import { signInWith } from './lib/reader-session.ts';
import { type RecordingProxy, startRecordingProxy } from './lib/recording-proxy.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { eventually } from './lib/webmail-probes.ts';

const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/xss');
const files = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.eml'))
  .sort();
const SETTLE_MS = 250;

// What the webmail page itself may ask of the web app while a message is open (its documents, scripts, the
// frame, thumbnails, the live stream, the prefetches of its links); anything else came from inside a mail.
const PAGE_REQUESTS = [
  /^\/_next\//,
  /^\/(\?_rsc=[\w-]+)?$/,
  /^\/webmail(\?_rsc=[\w-]+)?$/,
  /^\/webmail\/f\/[A-Za-z0-9_-]+(\?|$)/,
  /^\/webmail\/f\/[A-Za-z0-9_-]+\/rows\?/,
  /^\/webmail\/message\/[A-Za-z0-9_-]+\/\d+\/(body|attachment|attached|source|raw)(\?|$)/,
  /^\/webmail\/(compose|settings|search)(\/[\w-]+)*(\?|$)/,
  /^\/webmail\/events$/,
  /^\/favicon\.ico$/,
];

describe('the XSS corpus in the webmail page', () => {
  let h: WebmailHarness;
  let proxy: RecordingProxy;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const uids = new Map<string, number>();
  const markers: string[] = [];
  const popups: string[] = [];
  let title = '';

  before(async () => {
    h = await startWebmailHarness();
    // One SMTP session for the whole corpus: 80 connections of their own took most of a minute.
    await h.deliverAll(
      files.map((file) => ({ envelope: { from: 'corpus@attacker.example', to: [h.anna.address] }, raw: readFileSync(path.join(CORPUS_DIR, file)) })),
    );
    const client = await h.imap(h.anna);
    await client.mailboxOpen('INBOX');
    const byMessageId = new Map<string, number>();
    for await (const message of client.fetch('1:*', { uid: true, envelope: true })) byMessageId.set(message.envelope?.messageId ?? '', message.uid);
    await client.logout();
    for (const file of files) {
      const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(readFileSync(path.join(CORPUS_DIR, file), 'latin1'))?.[1] ?? '';
      const uid = byMessageId.get(messageId);
      assert.ok(uid, `${file} was delivered`);
      uids.set(file, uid);
    }
    proxy = await startRecordingProxy({ origin: h.web.baseUrl, imageHost: 'images.example' });
    browser = await launchChromium(proxy.chromiumArgs());
    ({ context, page } = await signInWith(browser, h.web.baseUrl, h.anna));
    context.on('page', (popup) => popups.push(popup.url()));
    page.on('console', (message) => {
      if (message.text().includes('KONTOR_XSS')) markers.push(`console: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      markers.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    title = await page.title();
  });

  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await h?.stop();
  });

  /** Opens a message in the folder page and waits until its frame has loaded and had time to misbehave. */
  async function open(uid: number): Promise<string> {
    markers.length = 0;
    popups.length = 0;
    proxy.reset();
    const url = `${h.web.baseUrl}${folderHref('INBOX', { m: uid })}`;
    await page.goto(url);
    await page.getByTestId('message-frame').waitFor({ state: 'attached' });
    await eventually('the frame was requested', () => proxy.local.some((hit) => hit.includes(`/${uid}/body`)));
    const frame = page.frames().find((candidate) => candidate.url().includes(`/${uid}/body`));
    await frame?.waitForLoadState('load');
    await page.waitForTimeout(SETTLE_MS);
    return url;
  }

  async function assertUntouched(label: string, url: string) {
    const state = await page.evaluate(() => {
      const pane = document.querySelector('[data-testid=reading-pane]');
      const handlers = [...document.querySelectorAll('*')].flatMap((element) =>
        [...element.attributes].filter((attribute) => /^on/i.test(attribute.name)).map((attribute) => `${element.tagName}[${attribute.name}]`),
      );
      const frames = [...document.querySelectorAll('iframe')];
      return {
        xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
        href: location.href,
        title: document.title,
        pane: Boolean(pane),
        paneScripts: pane?.querySelectorAll('script, svg script, object, embed, form, base, meta').length ?? -1,
        handlers,
        frames: frames.length,
        sandbox: frames[0]?.getAttribute('sandbox') ?? null,
        foreignImages: [...(pane?.querySelectorAll('img') ?? [])].filter((img) => new URL(img.src, location.href).origin !== location.origin).length,
      };
    });
    assert.deepEqual(
      state,
      { xss: null, href: url, title, pane: true, paneScripts: 0, handlers: [], frames: 1, sandbox: FRAME_SANDBOX, foreignImages: 0 },
      `${label}: the top page is unchanged`,
    );
    assert.equal(page.url(), url, `${label}: no navigation`);
    assert.deepEqual(markers, [], `${label}: no script ran`);
    assert.deepEqual(proxy.remote, [], `${label}: no request left for a remote host`);
    assert.deepEqual(
      proxy.local.filter((hit) => !PAGE_REQUESTS.some((allowed) => allowed.test(hit))),
      [],
      `${label}: the frame asked the web app for nothing but itself`,
    );
    assert.deepEqual(popups, [], `${label}: no popup`);
  }

  it('the detectors work: a console marker in the page is seen, so is a request for a remote host', async () => {
    const url = await open(uids.get(files[0] as string) as number);
    await page.evaluate(() => console.log('KONTOR_XSS control'));
    const probe = await context.newPage();
    await probe.goto('https://control.example/').catch(() => undefined);
    await probe.close();
    assert.ok(proxy.remote.includes('https://control.example:443'), proxy.remote.join(', '));
    assert.deepEqual(markers, ['console: KONTOR_XSS control']);
    assert.equal(page.url(), url);
  });

  for (const file of files) {
    it(`${file}: nothing runs, nothing loads, nothing escapes`, async () => {
      const url = await open(uids.get(file) as number);
      await assertUntouched(file, url);
    });
  }

  it('after "Show for this message" the remote image of a tracking mail is requested, and only then', async () => {
    const file = files.find((name) => name.includes('tracking-img-https')) as string;
    const url = await open(uids.get(file) as number);
    await assertUntouched(file, url);
    assert.equal(await page.getByTestId('remote-bar').getAttribute('data-state'), 'blocked');
    await page.getByTestId('remote-show-once').click();
    await eventually('the pixel host was asked for', () => proxy.remote.includes('https://tracker.example:443'));
    assert.equal(await page.getByTestId('message-frame').getAttribute('data-remote'), 'allowed');
    assert.ok(proxy.local.some((hit) => hit.includes(`/${uids.get(file)}/body?remote=1`)));
    assert.deepEqual(markers, []);
  });
});
