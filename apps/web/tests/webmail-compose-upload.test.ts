// The compose routes' guards with real HTTP: the upload route refuses a
// request from another Origin (CSRF), one without a session, and files
// past what a message may carry (MAX_MESSAGE_SIZE, here 1M) with a clear
// message, in the browser too; the draft and send routes refuse another
// Origin; a session cannot remove or reach another session's files.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { cookieHeader, warmUp } from './lib/webmail-compose-helpers.ts';
import { startWebmailHarness, type WebmailHarness } from './lib/webmail-harness.ts';

const COMPOSE_ID = 'testComposeSession0001';

describe('webmail compose routes', () => {
  let h: WebmailHarness;
  before(async () => {
    h = await startWebmailHarness({ webEnv: { MAX_MESSAGE_SIZE: '1M' }, maildEnv: { MAX_MESSAGE_SIZE: '1M' } });
    await warmUp(h);
  });
  after(async () => {
    await h?.stop();
  });

  const upload = (body: Buffer, headers: Record<string, string>) =>
    fetch(`${h.web.baseUrl}/webmail/upload?c=${COMPOSE_ID}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('report.bin'), ...headers },
      body: new Uint8Array(body),
    });

  it('refuses another Origin, a missing Origin and a missing session; takes a file from the page itself', async () => {
    const { page, context } = await h.signIn(h.anna);
    const cookie = await cookieHeader(page);
    const origin = h.web.baseUrl;
    const small = randomBytes(10_000);

    const foreign = await upload(small, { cookie, origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    const noOrigin = await upload(small, { cookie });
    assert.equal(noOrigin.status, 403);
    const noSession = await upload(small, { origin });
    assert.equal(noSession.status, 401);

    const ok = await upload(small, { cookie, origin });
    assert.equal(ok.status, 200);
    const file = (await ok.json()) as { id: string; filename: string; size: number };
    assert.equal(file.filename, 'report.bin');
    assert.equal(file.size, small.length);

    // Ben's session cannot remove anna's file: his requests reach only his own folder.
    const { page: benPage, context: benContext } = await h.signIn(h.ben);
    const benCookie = await cookieHeader(benPage);
    const removed = await fetch(`${h.web.baseUrl}/webmail/upload?c=${COMPOSE_ID}&id=${file.id}`, { method: 'DELETE', headers: { cookie: benCookie, origin } });
    assert.equal(removed.status, 200);
    // Anna's file is still hers: a draft naming it saves; the same request from ben finds no such file in his folder.
    const draftBody = (from: string) =>
      JSON.stringify({
        composeId: COMPOSE_ID,
        draftKey: 'testDraftKey0000000001',
        from,
        to: [],
        cc: [],
        bcc: [],
        subject: 'Route test',
        format: 'plain',
        body: 'x',
        attachments: [file.id],
        inReplyTo: null,
        references: [],
        origin: null,
        draftUid: null,
      });
    const saveDraft = (who: string, from: string) =>
      fetch(`${h.web.baseUrl}/webmail/compose/draft`, {
        method: 'POST',
        headers: { cookie: who, origin, 'content-type': 'application/json' },
        body: draftBody(from),
      });
    assert.equal((await saveDraft(cookie, h.anna.address)).status, 200);
    assert.equal((await saveDraft(benCookie, h.ben.address)).status, 409);

    for (const route of ['/webmail/compose/draft', '/webmail/compose/send']) {
      const response = await fetch(`${h.web.baseUrl}${route}`, {
        method: 'POST',
        headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(response.status, 403, `${route} refuses another Origin`);
    }
    await benContext.close();
    await context.close();
  });

  it('refuses attachments past the message size with a clear message, from the route and in the form', async () => {
    const { page, context } = await h.signIn(h.anna);
    const cookie = await cookieHeader(page);
    const big = randomBytes(900_000);
    const response = await upload(big, { cookie, origin: h.web.baseUrl });
    assert.equal(response.status, 413);
    const body = (await response.json()) as { error: string; message: string };
    assert.equal(body.error, 'tooLarge');
    assert.match(body.message, /report\.bin was not added: attachments may be at most [\d.]+ KB in total \(a message may be at most 1 MB\)/);

    await page.goto(`${h.web.baseUrl}/webmail/compose`);
    await page.getByTestId('compose-editor').waitFor();
    await page.getByTestId('file-input').setInputFiles({ name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('fits') });
    await page.locator('[data-testid=attachment][data-filename="small.txt"]').waitFor();
    await page.getByTestId('file-input').setInputFiles({ name: 'video.mp4', mimeType: 'video/mp4', buffer: big });
    const errors = page.getByTestId('upload-errors');
    await errors.waitFor();
    assert.match((await errors.textContent()) ?? '', /video\.mp4 was not added: attachments may be at most/);
    assert.equal(await page.locator('[data-testid=attachment]').count(), 1, 'the small file stays, the big one is not added');
    await context.close();
  });
});
