// Attachments in the reading pane: listed with name and size (the inline
// logo left out), every download byte for byte what imapflow downloads
// from maild, with Content-Disposition: attachment (RFC 5987 filename*) and
// nosniff; previews inline only for real images and PDFs (a PNG that is
// HTML is never shown); winmail.dat unpacked, each entry equal to what
// Debian's tnef extracts; an attached message opens as a message with its
// own attachments.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatSize } from '@kontor/core/size';
import type { ImapFlow } from 'imapflow';
import type { BrowserContext, Page } from 'playwright-core';
import { folderHref } from '../lib/webmail/folder-path.ts';
import { attachmentHref } from '../lib/webmail/reader-links.ts';
import { NEWSLETTER_FILES, newsletter } from './lib/reader-mails.ts';
import { cookieHeader } from './lib/reader-session.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';

const FIXTURES = path.resolve(import.meta.dirname, 'fixtures/webmail-render');
const TNEF = readFileSync(path.join(FIXTURES, 'tnef/attachments.dat'));

async function imapPart(client: ImapFlow, uid: number, part: string): Promise<Buffer> {
  const { content } = await client.download(String(uid), part, { uid: true });
  assert.ok(content, `part ${part} of ${uid}`);
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('webmail attachments', () => {
  let h: WebmailHarness;
  let context: BrowserContext;
  let page: Page;
  let cookie: string;
  let client: ImapFlow;

  before(async () => {
    h = await startWebmailHarness();
    await h.deliver(newsletter(h.anna.address)); // uid 1
    await h.deliver({
      from: 'Outlook User <outlook@example.com>',
      to: h.anna.address,
      subject: 'Rich text from Outlook',
      text: 'See the attachments.',
      attachments: [{ filename: 'winmail.dat', content: TNEF, contentType: 'application/ms-tnef' }],
    }); // uid 2
    await h.deliver({ envelope: { from: 'forwarder@example.com', to: [h.anna.address] }, raw: readFileSync(path.join(FIXTURES, 'forwarded-rfc822.eml')) }); // uid 3
    ({ context, page } = await h.signIn(h.anna));
    cookie = await cookieHeader(context);
    client = await h.imap(h.anna);
    await client.mailboxOpen('INBOX');
  });

  after(async () => {
    await client?.logout();
    await context?.close();
    await h?.stop();
  });

  const get = (href: string) => fetch(`${h.web.baseUrl}${href}`, { headers: { cookie } });

  async function listed(uid: number) {
    await page.goto(`${h.web.baseUrl}${folderHref('INBOX', { m: uid })}`);
    await page.getByTestId('attachments').waitFor();
    return page.getByTestId('attachment').evaluateAll((items) =>
      items.map((item) => ({
        id: item.getAttribute('data-attachment-id') ?? '',
        name: item.querySelector('[data-testid=attachment-name]')?.textContent ?? '',
        details: item.querySelector('[data-testid=attachment-size]')?.textContent ?? '',
        preview: Boolean(item.querySelector('[data-testid=attachment-preview]')),
      })),
    );
  }

  it('lists the files with their sizes and downloads each exactly as imapflow does, as an attachment', async () => {
    const items = await listed(1);
    assert.deepEqual(
      items.map(({ name, details, preview }) => ({ name, details, preview })),
      [
        { name: NEWSLETTER_FILES.pdf.filename, details: formatSize(NEWSLETTER_FILES.pdf.content.length), preview: true },
        { name: NEWSLETTER_FILES.png.filename, details: formatSize(NEWSLETTER_FILES.png.content.length), preview: true },
        { name: 'notes.txt', details: formatSize(NEWSLETTER_FILES.text.content.length), preview: false },
        { name: 'not-really.png', details: formatSize(NEWSLETTER_FILES.fake.content.length), preview: false },
      ],
    );
    for (const item of items) {
      const response = await get(attachmentHref('INBOX', 1, item.id));
      assert.equal(response.status, 200, item.name);
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.ok(bytes.equals(await imapPart(client, 1, item.id)), `${item.name}: the bytes imapflow downloads`);
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; filename="[^"]*"; filename\*=UTF-8''/, item.name);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.match(response.headers.get('content-security-policy') ?? '', /\bsandbox\b/);
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
    }
    const pdf = await get(attachmentHref('INBOX', 1, items[0]?.id as string));
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(
      pdf.headers.get('content-disposition'),
      `attachment; filename="Preisliste Fr_hling 2026.pdf"; filename*=UTF-8''Preisliste%20Fr%C3%BChling%202026.pdf`,
    );
  });

  it('previews only real images and PDFs, inline, without scripts', async () => {
    const items = await listed(1);
    const pdf = await get(attachmentHref('INBOX', 1, items[0]?.id as string, { inline: true }));
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.match(pdf.headers.get('content-disposition') ?? '', /^inline; /);
    assert.match(pdf.headers.get('content-security-policy') ?? '', /script-src 'none'/);
    const png = await get(attachmentHref('INBOX', 1, items[1]?.id as string, { inline: true }));
    assert.equal(png.headers.get('content-type'), 'image/png');
    assert.match(png.headers.get('content-security-policy') ?? '', /default-src 'none'.*\bsandbox\b/);
    assert.ok(Buffer.from(await png.arrayBuffer()).equals(NEWSLETTER_FILES.png.content));
    // A text file, and an "image/png" that is HTML, are never shown inline; the HTML one downloads with its declared type only as an attachment.
    assert.equal((await get(attachmentHref('INBOX', 1, items[2]?.id as string, { inline: true }))).status, 404);
    assert.equal((await get(attachmentHref('INBOX', 1, items[3]?.id as string, { inline: true }))).status, 404);
    // The PDF preview opens in Chromium's own viewer in a new tab.
    const [tab] = await Promise.all([context.waitForEvent('page'), page.getByTestId('attachment-preview').first().click()]);
    await tab.waitForLoadState();
    assert.match(tab.url(), /\/attachment\?id=.*&inline=1$/);
    await tab.close();
  });

  it('unpacks winmail.dat: every entry downloads as Debian tnef extracts it', async () => {
    const items = await listed(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'kontor-reader-tnef-'));
    const dat = path.join(dir, 'winmail.dat');
    writeFileSync(dat, await imapPart(client, 2, '2'));
    const out = path.join(dir, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tnef', ['--overwrite', '-C', out, dat]);
    const theirs = readdirSync(out).sort();
    assert.deepEqual(items.map((item) => item.name).sort(), theirs);
    for (const item of items) {
      assert.match(item.id, /^2\/tnef\/\d+$/);
      assert.match(item.details, /winmail\.dat/);
      const response = await get(attachmentHref('INBOX', 2, item.id));
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(out, item.name))), item.name);
      assert.match(response.headers.get('content-disposition') ?? '', /^attachment; /);
    }
    const html = items.find((item) => item.name.endsWith('.htm'));
    assert.ok(html);
    const download = await get(attachmentHref('INBOX', 2, html.id));
    assert.equal(download.headers.get('content-type'), 'text/html');
    assert.match(download.headers.get('content-disposition') ?? '', /^attachment; /, 'HTML only ever as a download');
    assert.equal((await get(attachmentHref('INBOX', 2, html.id, { inline: true }))).status, 404);
  });

  it('opens an attached message as a message, with its own attachments', async () => {
    const items = await listed(3);
    const attached = items.find((item) => item.name === 'Inner with logo.eml');
    assert.ok(attached, JSON.stringify(items));
    await page.getByTestId('attachment-open').click();
    await page.getByTestId('attached-message').waitFor();
    assert.equal(await page.getByTestId('message-subject').textContent(), 'Inner with logo');
    assert.equal(await page.getByTestId('message-from').textContent(), 'inner@example.com');
    const src = (await page.getByTestId('message-frame').getAttribute('src')) ?? '';
    assert.match(src, new RegExp(`/body\\?part=${attached.id}$`));
    // Located through the iframe element, so a frame still loading is waited for rather than missed.
    const logo = page.frameLocator('[data-testid=message-frame]').locator('img');
    assert.match((await logo.getAttribute('src')) ?? '', /^data:image\/png;base64,/, 'the inner message shows its own cid logo');
    // The inner message's attachments are addressed through the outer one, and download the inner part's bytes.
    const inner = await page.getByTestId('attachment').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-attachment-id') ?? ''));
    for (const id of inner) {
      assert.match(id, new RegExp(`^${attached.id}/message/`));
      assert.equal((await get(attachmentHref('INBOX', 3, id))).status, 200);
    }
    const eml = await get(attachmentHref('INBOX', 3, attached.id));
    assert.match(Buffer.from(await eml.arrayBuffer()).toString('utf8'), /^Content-Type: multipart\/mixed/);
    await page.getByTestId('attached-back').click();
    await page.waitForURL(/\?m=3$/);
  });
});
