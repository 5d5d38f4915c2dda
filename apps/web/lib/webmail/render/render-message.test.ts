// renderMessage and the attachment extractors on mails written by Python's
// email package (tests/fixtures/webmail-render/make-fixtures.py): character
// sets, encoded-words, cid images, TNEF, attached messages.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractAttachment, messageAttachment, messageFrameDocument, renderMessage } from './index.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/webmail-render');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));
const render = (name: string, allowRemote = false) => renderMessage(fixture(name), { allowRemote });

describe('renderMessage: character sets', () => {
  it('ISO-8859-1 body and encoded-words', async () => {
    const message = await render('iso-8859-1.eml');
    assert.equal(message.subject, 'Grüße aus Köln');
    assert.deepEqual(message.from, [{ name: 'Jürgen Müller', address: 'juergen@example.de' }]);
    assert.equal(message.text?.trim(), 'Grüße aus Köln, Straße 5.');
    assert.equal(message.html, null);
  });

  it('windows-1252 (quotes, euro, dash in 0x80–0x9f)', async () => {
    const message = await render('windows-1252.eml');
    assert.equal(message.subject, '„Angebot“ 12 €');
    assert.equal(message.html, '<div><p>„Angebot“: 12\u00a0€ – nur heute</p></div>'.replace('\u00a0', '&nbsp;'));
  });

  it('ISO-2022-JP body, subject and name', async () => {
    const message = await render('iso-2022-jp.eml');
    assert.equal(message.subject, '会議のお知らせ');
    assert.equal(message.from[0]?.name, '山田太郎');
    assert.equal(message.text?.trim(), 'こんにちは、世界。会議は明日です。');
  });

  it('UTF-8 encoded-words in every address header; HTML and text alternatives', async () => {
    const message = await render('utf8-encoded-words.eml');
    assert.equal(message.subject, 'Ünïcödé Betreff mit Emoji 📬 und mehr Text, damit er umbricht');
    assert.deepEqual(message.from, [{ name: 'Zoë Ångström', address: 'zoe@example.se' }]);
    assert.deepEqual(message.to, [
      { name: 'Ξένια', address: 'xenia@example.gr' },
      { name: '', address: 'plain@example.com' },
    ]);
    assert.deepEqual(message.cc, [{ name: 'Łukasz Żółć', address: 'lukasz@example.pl' }]);
    assert.deepEqual(message.replyTo, [{ name: 'Служба поддержки', address: 'support@example.ru' }]);
    assert.equal(message.text?.trim(), 'Hallo 📬 Ünïcödé');
    assert.equal(message.html, '<div><p>Hallo 📬 <b>Ünïcödé</b></p></div>');
    const subject = message.headers.find((header) => header.name === 'Subject');
    assert.equal(subject?.value, message.subject);
  });
});

describe('renderMessage: attachments', () => {
  it('unpacks winmail.dat into its files, which extractAttachment returns', async () => {
    const raw = fixture('tnef-winmail.eml');
    const message = await renderMessage(raw, { allowRemote: false });
    assert.deepEqual(
      message.attachments.map((a) => [a.id, a.filename, a.contentType, a.size, a.previewable]),
      [
        ['2/tnef/0', 'zappa_av1.jpg', 'image/jpeg', 2937, 'image'],
        ['2/tnef/1', 'bookmark.htm', 'text/html', 85805, null],
      ],
    );
    const jpeg = await extractAttachment(raw, '2/tnef/0');
    assert.equal(jpeg?.filename, 'zappa_av1.jpg');
    assert.equal(jpeg?.content.length, 2937);
    assert.equal(await extractAttachment(raw, '2/tnef/9'), null);
    assert.equal(await extractAttachment(raw, '../2'), null);
  });

  it('opens an attached message, and the attachments inside it by a /message/ id', async () => {
    const raw = fixture('forwarded-rfc822.eml');
    const outer = await renderMessage(raw, { allowRemote: false });
    assert.deepEqual(
      outer.attachments.map((a) => [a.id, a.filename, a.contentType, a.isMessage]),
      [['2', 'Inner with logo.eml', 'message/rfc822', true]],
    );
    const innerRaw = await messageAttachment(raw, '2');
    assert.ok(innerRaw);
    const inner = await renderMessage(innerRaw, { allowRemote: false });
    assert.equal(inner.subject, 'Inner with logo');
    assert.equal(inner.messageId, '<inner-1@example.com>');
    assert.match(inner.html ?? '', /<img src="data:image\/png;base64,[^"]+" alt="logo">/);
    const logo = inner.attachments.find((a) => a.cid === 'logo@inner');
    assert.deepEqual([logo?.embedded, logo?.inline, logo?.previewable], [true, true, 'image']);
    const note = inner.attachments.find((a) => a.filename === 'note.txt');
    assert.ok(note);
    const viaOuter = await extractAttachment(raw, `2/message/${note.id}`);
    assert.equal(viaOuter?.content.toString(), 'inner attachment text');
    assert.equal(await messageAttachment(raw, `2/message/${note.id}`), null, 'a text part is not a message');
  });

  it('caps the bytes of embedded cid images', async () => {
    const innerRaw = await messageAttachment(fixture('forwarded-rfc822.eml'), '2');
    assert.ok(innerRaw);
    const capped = await renderMessage(innerRaw, { allowRemote: false, maxInlineImageBytes: 10 });
    assert.match(capped.html ?? '', /<img alt="logo">/);
    assert.equal(capped.attachments.find((a) => a.cid === 'logo@inner')?.embedded, false);
  });
});

describe('messageFrameDocument', () => {
  it('is a whole document with the CSP for the rendering and the language', async () => {
    const message = await render('iso-8859-1.eml');
    const frame = messageFrameDocument(message, { locale: 'de' });
    assert.match(frame, /^<!doctype html>\n<html lang="de">/);
    assert.match(
      frame,
      /content="default-src &#39;none&#39;; img-src data:; style-src &#39;unsafe-inline&#39;; font-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;"/,
    );
    assert.match(frame, /<pre class="kontor-plain" style="white-space: pre-wrap">Grüße aus Köln/);
    assert.match(messageFrameDocument(message, { locale: '"><script>' }), /<html lang="en">/);
  });
});
