import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { buildMime, type OutgoingMessage } from './mime.ts';

describe('composed MIME (nodemailer MailComposer)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kontor-mime-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    from: { name: 'Anna Berg', address: 'anna@team.example' },
    to: [{ name: 'Ben', address: 'ben@team.example' }],
    cc: [],
    bcc: [{ name: '', address: 'carla@outside.example' }],
    subject: 'Grüße',
    format: 'html',
    body: '<p>Hallo <strong>Ben</strong></p>',
    attachments: [],
    messageId: '<id1@team.example>',
    date: new Date('2026-12-03T10:00:00Z'),
    inReplyTo: '<orig@team.example>',
    references: ['<first@team.example>', '<orig@team.example>'],
    ...extra,
  });

  it("sends a quoted original's embedded images as cid: parts of a multipart/related, once each; remote ones as they were", async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const data = `data:image/png;base64,${png.toString('base64')}`;
    const body = `<p>Thanks</p><blockquote><p><img src="${data}" alt="logo"> and again <img src="${data}"><img src="https://images.example/pixel.gif"></p></blockquote>`;
    const raw = await buildMime(message({ body }), { keepBcc: false });
    assert.match(raw.toString('latin1'), /multipart\/related/i);
    const parsed = await simpleParser(raw, { keepCidLinks: true });
    const images = parsed.attachments.filter((part) => part.contentType === 'image/png');
    assert.equal(images.length, 1, 'the same image is one part');
    assert.ok(images[0]?.content.equals(png), 'its bytes are the original image');
    const cid = images[0]?.cid ?? '';
    assert.equal(String(parsed.html).split(`cid:${cid}`).length - 1, 2, 'both places name the part');
    assert.doesNotMatch(String(parsed.html), /data:image/);
    assert.match(String(parsed.html), /<img src="https:\/\/images\.example\/pixel\.gif">/);
  });

  it('writes HTML with a text alternative, threading headers, and Bcc only in the kept copy', async () => {
    const sent = await simpleParser(await buildMime(message(), { keepBcc: false }));
    assert.equal(sent.subject, 'Grüße');
    assert.equal(sent.text?.trim(), 'Hallo Ben');
    assert.match(String(sent.html), /<p>Hallo <strong>Ben<\/strong><\/p>/);
    assert.equal(sent.messageId, '<id1@team.example>');
    assert.equal(sent.inReplyTo, '<orig@team.example>');
    assert.deepEqual(sent.references, ['<first@team.example>', '<orig@team.example>']);
    assert.equal(sent.bcc, undefined);
    const kept = await simpleParser(await buildMime(message(), { keepBcc: true }));
    assert.equal(kept.bcc && !Array.isArray(kept.bcc) ? kept.bcc.value[0]?.address : null, 'carla@outside.example');
  });

  it('writes plain text alone, attachments by path, and a forwarded message as message/rfc822', async () => {
    const file = path.join(dir, 'a.bin');
    await writeFile(file, Buffer.from([0, 1, 2, 255]));
    const inner = path.join(dir, 'inner.eml');
    await writeFile(inner, 'From: x@y\r\nSubject: Inner\r\n\r\nHello\r\n');
    const raw = await buildMime(
      message({
        format: 'plain',
        body: 'Plain only',
        attachments: [
          { filename: 'a.bin', contentType: 'application/octet-stream', path: file },
          { filename: 'Inner.eml', contentType: 'message/rfc822', path: inner },
        ],
      }),
      { keepBcc: false },
    );
    const parsed = await simpleParser(raw);
    assert.equal(parsed.html, false);
    assert.equal(parsed.text?.trim(), 'Plain only');
    assert.deepEqual([...(parsed.attachments[0]?.content ?? [])], [0, 1, 2, 255]);
    assert.equal(parsed.attachments[1]?.contentType, 'message/rfc822');
    assert.match(raw.toString(), /Content-Type: message\/rfc822[\s\S]*?Content-Transfer-Encoding: 8bit[\s\S]*?Content-Disposition: attachment/);
  });
});
