// Webmail compose end to end: anna writes in the browser, maild's
// submission takes the message, and ben reads it over IMAP with imapflow
// (the attachment's bytes match); replies carry In-Reply-To/References and
// flag the original \Answered; forwards (inline, keeping the attachments,
// and as message/rfc822) flag it $Forwarded; the Sent copy exists exactly
// once whether webmail or maild (saveSentCopy) files it. A reply keeps the
// quoted original's images (cid: parts re-attached, remote ones unloaded).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { folderSlug } from '../lib/webmail/folder-path.ts';
import { addRecipient, cookieHeader, findMessage, typeBody, waitFor, warmUp } from './lib/webmail-compose-helpers.ts';
import { startWebmailHarness, type TestMailbox, type WebmailHarness } from './lib/webmail-harness.ts';

async function sendAndLeave(page: Page) {
  await page.getByTestId('send').click();
  await page.waitForURL(/\/webmail\/f\//, { timeout: 20_000 });
}

/** Ben writes to anna through submission, as Thunderbird would. */
async function sendAs(h: WebmailHarness, who: TestMailbox, message: nodemailer.SendMailOptions) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: h.maild.ports.submission,
    secure: false,
    requireTLS: true,
    tls: { rejectUnauthorized: false },
    auth: { user: who.address, pass: who.password },
  });
  await transport.sendMail({ from: who.address, ...message });
  transport.close();
}

describe('webmail compose', () => {
  let h: WebmailHarness;
  let anna: ImapFlow;
  let ben: ImapFlow;
  before(async () => {
    h = await startWebmailHarness();
    await warmUp(h);
    anna = await h.imap(h.anna);
    ben = await h.imap(h.ben);
  });
  after(async () => {
    await anna?.logout().catch(() => undefined);
    await ben?.logout().catch(() => undefined);
    await h?.stop();
  });

  it('sends a message with an attachment: ben reads it over IMAP with the same bytes; one Sent copy keeps the Bcc', async () => {
    const { page, context } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    await addRecipient(page, 'to', h.ben.address);
    await addRecipient(page, 'bcc', 'carla@sender.example');
    await page.locator('#compose-subject').fill('Quarterly figures');
    await typeBody(page, 'Hello Ben, the figures are attached.');
    const bytes = randomBytes(300_000);
    await page.getByTestId('file-input').setInputFiles({ name: 'figures Q3.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await page.locator('[data-testid=attachment][data-filename="figures Q3.bin"]').waitFor();
    await sendAndLeave(page);

    const received = await waitFor('ben to receive it', () => findMessage(ben, 'INBOX', 'Quarterly figures'));
    const parsed = await simpleParser(received.source);
    assert.match(parsed.text ?? '', /Hello Ben, the figures are attached\./);
    assert.match(String(parsed.html), /<p>Hello Ben, the figures are attached\.<\/p>/);
    assert.equal(parsed.from?.value[0]?.address, h.anna.address);
    assert.equal(parsed.from?.value[0]?.name, 'Anna Berg');
    assert.equal(parsed.headers.get('bcc'), undefined, 'the delivered message has no Bcc');
    assert.equal(parsed.attachments.length, 1);
    assert.equal(parsed.attachments[0]?.filename, 'figures Q3.bin');
    assert.ok(parsed.attachments[0]?.content.equals(bytes), 'the attachment arrives byte for byte');

    const sent = await waitFor('the Sent copy', () => findMessage(anna, 'Sent', 'Quarterly figures'));
    assert.equal(sent.count, 1, 'exactly one Sent copy');
    assert.ok(sent.flags.has('\\Seen'));
    const sentParsed = await simpleParser(sent.source);
    assert.match(JSON.stringify(sentParsed.bcc), /carla@sender\.example/, 'the Sent copy shows whom the user Bcc-ed');
    assert.equal(sentParsed.messageId, parsed.messageId);
    await context.close();
  });

  it('takes an upload larger than the proxy layer’s 10 MB body buffer in full', async () => {
    const { page, context } = await h.signIn(h.anna);
    const cookie = await cookieHeader(page);
    const big = randomBytes(12 * 1024 * 1024);
    const response = await fetch(`${h.web.baseUrl}/webmail/upload?c=bigUploadCompose000001`, {
      method: 'POST',
      headers: { cookie, origin: h.web.baseUrl, 'content-type': 'application/octet-stream', 'x-file-name': 'big.bin' },
      body: new Uint8Array(big),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { size: number }).size, big.length);
    await context.close();
  });

  it('files exactly one Sent copy when maild saves it (saveSentCopy on)', async () => {
    await h.t.db.mailbox.update({ where: { id: h.anna.id }, data: { saveSentCopy: true } });
    try {
      const { page, context } = await h.signIn(h.anna);
      await page.goto(`${h.web.baseUrl}/webmail/compose?to=${encodeURIComponent(h.ben.address)}`);
      await page.locator(`[data-testid=recipients-to] [data-address="${h.ben.address}"]`).waitFor();
      await page.locator('#compose-subject').fill('Copy kept by the server');
      await typeBody(page, 'One copy only.');
      await sendAndLeave(page);
      await waitFor('ben to receive it', () => findMessage(ben, 'INBOX', 'Copy kept by the server'));
      const sent = await waitFor('the Sent copy', () => findMessage(anna, 'Sent', 'Copy kept by the server'));
      // Give a second copy (if webmail also appended one) time to show.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal((await findMessage(anna, 'Sent', 'Copy kept by the server'))?.count, 1, 'exactly one Sent copy');
      assert.ok(sent.source.length > 0);
      await context.close();
    } finally {
      await h.t.db.mailbox.update({ where: { id: h.anna.id }, data: { saveSentCopy: false } });
    }
  });

  it('replies to all with In-Reply-To and References, and flags the original \\Answered', async () => {
    await sendAs(h, h.ben, {
      to: h.anna.address,
      cc: 'Carla <carla@sender.example>',
      subject: 'Lunch on Friday?',
      text: 'Shall we meet at noon?\nBen',
      messageId: '<lunch-2@team.example>',
      references: '<lunch-1@team.example>',
    });
    const original = await waitFor('anna to receive it', () => findMessage(anna, 'INBOX', 'Lunch on Friday?'));
    const { page, context } = await h.signIn(h.anna);
    await page.goto(`${h.web.baseUrl}/webmail/compose?mode=replyAll&f=${folderSlug('INBOX')}&uid=${original.uid}`);
    await page.getByTestId('compose-editor').waitFor();
    await page.locator(`[data-testid=recipients-to] [data-address="${h.ben.address}"]`).waitFor();
    await page.locator('[data-testid=recipients-cc] [data-address="carla@sender.example"]').waitFor();
    assert.equal(await page.locator('#compose-subject').inputValue(), 'Re: Lunch on Friday?');
    assert.match((await page.getByTestId('compose-editor').textContent()) ?? '', /Shall we meet at noon\?/);
    await typeBody(page, 'Noon is fine.');
    await sendAndLeave(page);

    const reply = await waitFor('ben to get the reply', () => findMessage(ben, 'INBOX', 'Re: Lunch on Friday?'));
    const parsed = await simpleParser(reply.source);
    assert.equal(parsed.inReplyTo, '<lunch-2@team.example>');
    assert.deepEqual(parsed.references, ['<lunch-1@team.example>', '<lunch-2@team.example>']);
    assert.match(parsed.text ?? '', /^Noon is fine\./);
    assert.match(parsed.text ?? '', /> Shall we meet at noon\?/);
    assert.match(JSON.stringify(parsed.cc), /carla@sender\.example/);
    const flagged = await waitFor('the \\Answered flag', async () => {
      const found = await findMessage(anna, 'INBOX', 'Lunch on Friday?');
      return found?.flags.has('\\Answered') ? found : null;
    });
    assert.ok(flagged);
    await context.close();
  });

  it("a reply quotes the original's images: its cid: logo goes out as a cid: part with the same bytes, a remote one keeps its address and is not loaded", async () => {
    const logo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABgAAAAMCAIAAAD3UuoiAAAAF0lEQVR4nGMwDl1FFcQwatCoQaMG4UMAnYBYUIK652UAAAAASUVORK5CYII=', 'base64'); // 24×12 px
    await sendAs(h, h.ben, {
      to: h.anna.address,
      subject: 'Newsletter with a logo',
      html: '<p>Our news.</p><p><img src="cid:logo@ben" alt="Ben logo"> <img src="https://images.example/banner.png" alt="Banner"></p>',
      attachments: [{ filename: 'logo.png', content: logo, contentType: 'image/png', cid: 'logo@ben' }],
    });
    const original = await waitFor('anna to receive it', () => findMessage(anna, 'INBOX', 'Newsletter with a logo'));
    const { page, context } = await h.signIn(h.anna);
    const remote: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('images.example')) remote.push(request.url());
    });
    await page.goto(`${h.web.baseUrl}/webmail/compose?mode=reply&f=${folderSlug('INBOX')}&uid=${original.uid}`);
    const editor = page.getByTestId('compose-editor');
    const quotedLogo = editor.locator('img[alt="Ben logo"]');
    await quotedLogo.waitFor();
    assert.match((await quotedLogo.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.ok(await quotedLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 24), 'the logo shows in the editor');
    await editor.locator('[data-remote-image="https://images.example/banner.png"]').waitFor();
    assert.equal(await editor.locator('img[src^="https:"]').count(), 0, 'no remote <img> in the editor');
    await typeBody(page, 'Nice logo.');
    await sendAndLeave(page);
    assert.deepEqual(remote, [], 'the remote image was not loaded while writing');

    const reply = await waitFor('ben to get the reply', () => findMessage(ben, 'INBOX', 'Re: Newsletter with a logo'));
    const parsed = await simpleParser(reply.source, { keepCidLinks: true });
    const part = parsed.attachments.find((attachment) => attachment.contentType === 'image/png');
    assert.ok(part?.cid, 'the logo travels as an inline part with a Content-ID');
    assert.ok(part.content.equals(logo), 'with the bytes of the original');
    assert.match(String(parsed.html), new RegExp(`<img src="cid:${part.cid.replace(/[.@]/g, '\\$&')}" alt="Ben logo">`));
    assert.match(String(parsed.html), /<img src="https:\/\/images\.example\/banner\.png" alt="Banner">/);
    await context.close();
  });

  it('forwards inline with the original attachments, and as an attachment (message/rfc822); both flag $Forwarded', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000)]);
    await sendAs(h, h.ben, {
      to: h.anna.address,
      subject: 'Contract draft',
      text: 'Please have a look at the contract.',
      attachments: [{ filename: 'contract.pdf', content: pdf, contentType: 'application/pdf' }],
    });
    const original = await waitFor('anna to receive it', () => findMessage(anna, 'INBOX', 'Contract draft'));
    const { page, context } = await h.signIn(h.anna);

    await page.goto(`${h.web.baseUrl}/webmail/compose?mode=forward&f=${folderSlug('INBOX')}&uid=${original.uid}`);
    await page.locator('[data-testid=attachment][data-filename="contract.pdf"]').waitFor();
    assert.equal(await page.locator('#compose-subject').inputValue(), 'Fwd: Contract draft');
    await addRecipient(page, 'to', h.ben.address);
    await typeBody(page, 'See below.');
    await sendAndLeave(page);
    const inline = await simpleParser((await waitFor('the inline forward', () => findMessage(ben, 'INBOX', 'Fwd: Contract draft'))).source);
    assert.match(inline.text ?? '', /Forwarded message/);
    assert.match(inline.text ?? '', /Please have a look at the contract\./);
    assert.equal(inline.attachments.length, 1);
    assert.ok(inline.attachments[0]?.content.equals(pdf), 'the forwarded attachment keeps its bytes');
    await waitFor('$Forwarded', async () => (await findMessage(anna, 'INBOX', 'Contract draft'))?.flags.has('$Forwarded'));

    await anna.mailboxOpen('INBOX');
    await anna.messageFlagsRemove(String(original.uid), ['$Forwarded'], { uid: true });
    await page.goto(`${h.web.baseUrl}/webmail/compose?mode=forwardAttachment&f=${folderSlug('INBOX')}&uid=${original.uid}`);
    await page.locator('[data-testid=attachment][data-filename="Contract draft.eml"]').waitFor();
    await addRecipient(page, 'to', h.ben.address);
    await page.locator('#compose-subject').fill('Fwd as attachment: Contract draft');
    await sendAndLeave(page);
    const attached = await simpleParser((await waitFor('the attached forward', () => findMessage(ben, 'INBOX', 'Fwd as attachment: Contract draft'))).source);
    const part = attached.attachments.find((a) => a.contentType === 'message/rfc822');
    assert.ok(part, 'the original travels as message/rfc822');
    assert.ok(part.content.equals(original.source), 'the attached message is the original, byte for byte');
    const inner = await simpleParser(part.content);
    assert.ok(inner.attachments[0]?.content.equals(pdf));
    await waitFor('$Forwarded again', async () => (await findMessage(anna, 'INBOX', 'Contract draft'))?.flags.has('$Forwarded'));
    await context.close();
  });
});
