// The reading pane end to end: a newsletter delivered over SMTP opens with
// its header, toolbar and body in a sandboxed frame served by its own route
// (CSP, SAMEORIGIN only there); its remote banner is blocked until the user
// shows it for this message or always for the sender (stored per mailbox,
// removable from the bar); plain text in ISO-8859-1, an RTL subject and a
// hostile source page render as text; screenshots at 1280 and 390 px in
// English and German. Chromium runs behind the recording proxy, which
// answers for images.example, so an allowed remote image really loads.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Frame, Page } from 'playwright-core';
import { folderHref } from '../lib/webmail/folder-path.ts';
import { bodyHref, rawHref, sourceHref } from '../lib/webmail/reader-links.ts';
import { FRAME_SANDBOX, frameContentSecurityPolicy } from '../lib/webmail/render/frame-csp.ts';
import { launchChromium } from './lib/chromium.ts';
import { newsletter } from './lib/reader-mails.ts';
import { cookieHeader, signInWith } from './lib/reader-session.ts';
import { type RecordingProxy, startRecordingProxy } from './lib/recording-proxy.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';
import { eventually } from './lib/webmail-probes.ts';

const SHOTS = path.resolve(import.meta.dirname, '../../../test-results/webmail-reader');
const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/webmail-render');
const RTL_SUBJECT = 'עדכון חשוב לגבי ההזמנה שלך מספר 48213 — נא לקרוא עד הסוף כי יש כאן הרבה מאוד מילים בנושא הארוך הזה';

describe('webmail reading pane', () => {
  let h: WebmailHarness;
  let proxy: RecordingProxy;
  let browser: Browser;
  const uid: Record<'newsletter' | 'latin1' | 'rtl' | 'hostile', number> = { newsletter: 0, latin1: 0, rtl: 0, hostile: 0 };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await startWebmailHarness();
    await h.deliver(newsletter(h.anna.address));
    await h.deliver({ envelope: { from: 'juergen@example.de', to: [h.anna.address] }, raw: readFileSync(path.join(FIXTURES, 'iso-8859-1.eml')) });
    await h.deliver({
      from: 'מחלקת הזמנות <orders@shop.example>',
      to: h.anna.address,
      subject: RTL_SUBJECT,
      text: 'שלום אנה,\nההזמנה שלך נשלחה היום.\n\nhttps://shop.example/track/48213',
    });
    await h.deliver({
      from: '"<img src=x onerror=alert(1)>" <evil@attacker.example>',
      to: h.anna.address,
      subject: '<script>alert("subject")</script>',
      html: '<p>hi</p><script>alert("body")</script>',
    });
    Object.assign(uid, { newsletter: 1, latin1: 2, rtl: 3, hostile: 4 });
    proxy = await startRecordingProxy({ origin: h.web.baseUrl, imageHost: 'images.example' });
    browser = await launchChromium(proxy.chromiumArgs());
  });

  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await h?.stop();
  });

  const paneUrl = (which: keyof typeof uid) => `${h.web.baseUrl}${folderHref('INBOX', { m: uid[which] })}`;

  /** The pane's body frame, once it has loaded. */
  async function bodyFrame(page: Page): Promise<Frame> {
    const src = await page.getByTestId('message-frame').getAttribute('src');
    const find = () => page.frames().find((candidate) => candidate.url().endsWith(src ?? '\u0000'));
    await eventually('the body frame', () => Boolean(find()));
    const frame = find() as Frame;
    await frame.waitForLoadState('load');
    return frame;
  }

  it('shows header, toolbar and the body in a sandboxed frame from its own route, and marks the message read', async () => {
    const { context, page } = await signInWith(browser, h.web.baseUrl, h.anna);
    await page.goto(paneUrl('newsletter'));
    const pane = page.getByTestId('reading-pane');
    assert.equal(await pane.getByTestId('message-subject').textContent(), 'Spring offers at the corner shop');
    assert.equal(await pane.getByTestId('message-from').textContent(), 'Shop Team <news@shop.example>');
    assert.equal(await pane.getByTestId('message-to').textContent(), 'Anna Berg <anna@team.example>');
    assert.equal(await pane.getByTestId('message-cc').textContent(), 'Ben Kurz <ben@team.example>');
    assert.match((await pane.getByTestId('message-date').textContent()) ?? '', /Saturday, March 14, 2026/);
    await pane.getByTestId('message-toolbar').waitFor();
    const iframe = pane.getByTestId('message-frame');
    assert.equal(await iframe.getAttribute('sandbox'), FRAME_SANDBOX);
    assert.equal(await iframe.getAttribute('src'), bodyHref('INBOX', uid.newsletter));
    assert.ok(((await iframe.boundingBox())?.height ?? 0) >= 448, 'the frame fills the pane');
    const frame = await bodyFrame(page);
    assert.equal(await frame.locator('h1').textContent(), 'Spring offers');
    const link = frame.locator('a', { hasText: 'See the offers' });
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('rel')) ?? '', /\bnoopener\b/);
    assert.equal(await link.getAttribute('title'), 'https://shop.example/offers');
    // The inline logo is in the body (a data: image of the mail's own part), not in the attachment list.
    assert.match((await frame.locator('img[alt="Shop logo"]').getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.ok(!(await pane.getByTestId('attachment-name').allTextContents()).includes('logo.png'));
    const client = await h.imap(h.anna);
    await client.mailboxOpen('INBOX');
    const fetched = await client.fetchOne(String(uid.newsletter), { flags: true }, { uid: true });
    assert.ok(fetched && fetched.flags?.has('\\Seen'), 'opening marked it read');
    await client.logout();

    const cookie = await cookieHeader(context);
    const body = await fetch(`${h.web.baseUrl}${bodyHref('INBOX', uid.newsletter)}`, { headers: { cookie, 'sec-fetch-dest': 'iframe' } });
    assert.equal(body.status, 200);
    assert.equal(body.headers.get('content-security-policy'), frameContentSecurityPolicy({ allowRemote: false, header: true }));
    assert.equal(body.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(body.headers.get('cache-control'), 'private, no-store');
    assert.equal(body.headers.get('x-content-type-options'), 'nosniff');
    assert.doesNotMatch(await body.text(), /images\.example/, 'the blocked banner is not in the document at all');
    const remote = await fetch(`${h.web.baseUrl}${bodyHref('INBOX', uid.newsletter, { remote: true })}`, { headers: { cookie } });
    assert.equal(remote.headers.get('content-security-policy'), frameContentSecurityPolicy({ allowRemote: true, header: true }));
    assert.match(await remote.text(), /https:\/\/images\.example\/banner\.svg/);
    // Opened as a page rather than as a frame, the document is not served.
    const asPage = await fetch(`${h.web.baseUrl}${bodyHref('INBOX', uid.newsletter, { remote: true })}`, { headers: { cookie, 'sec-fetch-dest': 'document' } });
    assert.equal(asPage.status, 404);
    // Everywhere else the panel's headers stay: DENY and the nonce CSP.
    const folderPage = await fetch(paneUrl('newsletter'), { headers: { cookie } });
    assert.equal(folderPage.headers.get('x-frame-options'), 'DENY');
    assert.match(folderPage.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    // Signed out, the proxy sends the visitor to the sign-in page; that answer has no headers of the route's, so it gets the strict pair.
    const signedOut = await fetch(`${h.web.baseUrl}${bodyHref('INBOX', uid.newsletter)}`, { redirect: 'manual' });
    assert.equal(signedOut.status, 307);
    assert.match(signedOut.headers.get('location') ?? '', /\/signin\?callbackUrl=/);
    assert.equal(signedOut.headers.get('x-frame-options'), 'DENY');
    assert.match(signedOut.headers.get('content-security-policy') ?? '', /^default-src 'none'; sandbox; frame-ancestors 'none'$/);
    await context.close();
  });

  it('blocks remote content until shown for this message or always for the sender, and the trust is removable', async () => {
    const { context, page } = await signInWith(browser, h.web.baseUrl, h.anna);
    proxy.reset();
    await page.goto(paneUrl('newsletter'));
    const bar = page.getByTestId('remote-bar');
    assert.equal(await bar.getAttribute('data-state'), 'blocked');
    await bodyFrame(page);
    await page.waitForTimeout(300);
    assert.deepEqual(proxy.remote, [], 'nothing remote before the user allows it');
    await page.getByTestId('remote-show-once').click();
    await eventually('the banner was loaded', () => proxy.served.includes('https://images.example/banner.svg'));
    assert.equal(await bar.getAttribute('data-state'), 'shown');
    const frame = await bodyFrame(page);
    await eventually(
      'the banner has its size',
      async () => (await frame.locator('img[alt="Spring banner"]').evaluate((img: HTMLImageElement) => img.naturalWidth)) === 600,
    );
    // Shown once is not remembered.
    await page.reload();
    assert.equal(await page.getByTestId('remote-bar').getAttribute('data-state'), 'blocked');
    await page.getByTestId('remote-trust').click();
    await page.locator('[data-testid=remote-bar][data-state=trusted]').waitFor();
    assert.deepEqual(
      (await h.t.db.mailboxTrustedSender.findMany({ select: { mailboxId: true, address: true } })).map((row) => [row.mailboxId, row.address]),
      [[h.anna.id, 'news@shop.example']],
    );
    await page.reload();
    assert.equal(await page.getByTestId('message-frame').getAttribute('data-remote'), 'allowed');
    assert.match((await page.getByTestId('remote-bar').textContent()) ?? '', /news@shop\.example/);
    await page.getByTestId('remote-untrust').click();
    await page.locator('[data-testid=remote-bar][data-state=blocked]').waitFor();
    assert.equal(await h.t.db.mailboxTrustedSender.count(), 0);
    await context.close();
  });

  it('decodes a Latin-1 plain text mail, keeps an RTL subject inside the pane and shows a hostile source as text', async () => {
    const { context, page } = await signInWith(browser, h.web.baseUrl, h.anna, { width: 390 });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(paneUrl('latin1'));
    assert.equal(await page.getByTestId('message-subject').textContent(), 'Grüße aus Köln');
    assert.equal(await page.getByTestId('message-from').textContent(), 'Jürgen Müller <juergen@example.de>');
    assert.match((await (await bodyFrame(page)).locator('pre').textContent()) ?? '', /Grüße aus Köln, Straße 5\./);
    await page.goto(paneUrl('rtl'));
    assert.equal(await page.getByTestId('message-subject').getAttribute('dir'), 'auto');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'nothing wider than the phone');
    await page.goto(paneUrl('hostile'));
    assert.equal(await page.getByTestId('message-subject').textContent(), '<script>alert("subject")</script>');
    await page.getByTestId('message-headers').locator('summary').click();
    await page.getByTestId('view-source').click();
    await page.waitForURL(`${h.web.baseUrl}${sourceHref('INBOX', uid.hostile)}`);
    const source = (await page.getByTestId('message-source').textContent()) ?? '';
    assert.match(source, /<script>alert\("body"\)<\/script>/);
    assert.match(source, /^From: "<img src=x onerror=alert\(1\)>" <evil@attacker\.example>$/m);
    const raw = await fetch(`${h.web.baseUrl}${rawHref('INBOX', uid.hostile)}`, { headers: { cookie: await cookieHeader(context) } });
    assert.equal(raw.headers.get('content-disposition'), `attachment; filename="message-${uid.hostile}.eml"`);
    // Served byte for byte: the hostile display name as it was sent (the subject travels as an encoded-word).
    assert.match(await raw.text(), /^From: "<img src=x onerror=alert\(1\)>" <evil@attacker\.example>\r?$/m);
    assert.deepEqual(dialogs, []);
    await context.close();
  });

  for (const locale of ['en', 'de'] as const) {
    for (const width of [1280, 390]) {
      it(`screenshots at ${width} px in ${locale}: HTML blocked and allowed, plain text, attachments`, async () => {
        const { context, page } = await signInWith(browser, h.web.baseUrl, h.anna, { locale, width, height: width > 500 ? 900 : 844 });
        const shot = async (name: string) => {
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(SHOTS, `${name}-${locale}-${width}.png`) });
        };
        await page.goto(paneUrl('newsletter'));
        await bodyFrame(page);
        await shot('html-blocked');
        await page.getByTestId('remote-show-once').click();
        await eventually('the banner was loaded', () => proxy.served.length > 0);
        await bodyFrame(page);
        await shot('html-allowed');
        await page.getByTestId('attachments').scrollIntoViewIfNeeded();
        await page.getByTestId('message-headers').locator('summary').click();
        await shot('attachments-headers');
        await page.goto(paneUrl('latin1'));
        await bodyFrame(page);
        await shot('plain');
        await page.goto(paneUrl('rtl'));
        await bodyFrame(page);
        await shot('rtl');
        proxy.reset();
        await context.close();
      });
    }
  }
});
