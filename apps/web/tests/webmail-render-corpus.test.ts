// Every mail of the hostile corpus (tests/fixtures/xss), rendered with and
// without remote content: the frame document, parsed by a real HTML parser,
// holds nothing that runs and loads nothing remote unless allowed; the cases
// that test one thing in particular check it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { messageAttachment, messageFrameDocument, type RenderedMessage, renderMessage } from '../lib/webmail/render/index.ts';
import { JS } from './fixtures/xss/cases-script.ts';
import { frameViolations } from './lib/render-invariants.ts';

const CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/xss');
const files = readdirSync(CORPUS_DIR)
  .filter((file) => file.endsWith('.eml'))
  .sort();
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

function expectation(raw: Buffer): string {
  return /^X-Kontor-Expect: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';
}

function byName(name: string): Buffer {
  const file = files.find((candidate) => candidate.endsWith(`-${name}.eml`));
  assert.ok(file, `corpus mail ${name}`);
  return readFileSync(path.join(CORPUS_DIR, file));
}

async function frameOf(raw: Buffer, allowRemote: boolean): Promise<{ rendered: RenderedMessage; frame: string }> {
  const rendered = await renderMessage(raw, { allowRemote });
  return { rendered, frame: messageFrameDocument(rendered, { locale: 'en' }) };
}

describe('the XSS corpus', () => {
  it('has at least 60 mails, each with an expectation', () => {
    assert.ok(files.length >= 60, `${files.length} mails`);
    for (const file of files) assert.ok(expectation(readFileSync(path.join(CORPUS_DIR, file))), `${file} has X-Kontor-Expect`);
  });

  for (const file of files) {
    it(`${file}: nothing executable, nothing remote`, async () => {
      const raw = readFileSync(path.join(CORPUS_DIR, file));
      const blocked = await frameOf(raw, false);
      assert.deepEqual(frameViolations(blocked.frame, { allowRemote: false }), [], 'remote content blocked');
      if (expectation(raw).startsWith('remote-blocked')) assert.equal(blocked.rendered.remoteContentBlocked, true, 'remoteContentBlocked');
      const allowed = await frameOf(raw, true);
      assert.deepEqual(frameViolations(allowed.frame, { allowRemote: true }), [], 'remote content allowed');
      for (const text of [blocked.rendered.subject, ...blocked.rendered.from.map((a) => a.name), ...blocked.rendered.attachments.map((a) => a.filename)]) {
        assert.doesNotMatch(text, BIDI, 'no bidi override in display text');
      }
    });
  }
});

describe('corpus cases with a particular point', () => {
  it('https images and backgrounds come back only when allowed, http never', async () => {
    const blocked = await frameOf(byName('tracking-img-https'), false);
    assert.doesNotMatch(blocked.frame, /tracker\.example/);
    const allowed = await frameOf(byName('tracking-img-https'), true);
    assert.match(allowed.frame, /<img src="https:\/\/tracker\.example\/open\.gif\?u=victim"/);
    assert.match(allowed.frame, /<img src="https:\/\/tracker\.example\/protocol-relative\.gif"/);
    const http = await frameOf(byName('tracking-img-http'), true);
    assert.doesNotMatch(http.frame, /tracker\.example/i);
    assert.equal(http.rendered.remoteContentBlocked, true);
    const css = await frameOf(byName('tracking-css-backgrounds'), true);
    assert.match(css.frame, /background-image: url\("https:\/\/tracker\.example\/hero\.png"\)/);
    assert.match(allowed.frame, /img-src data: https:/);
    assert.match(blocked.frame, /img-src data:;/);
  });

  it('CSS keeps layout and loses only what loads or runs', async () => {
    const { frame } = await frameOf(byName('css-expression'), false);
    assert.match(frame, /<div style="color: red">ie<\/div>/);
    assert.match(frame, /\.a \{ color: blue \}/);
    const escaped = await frameOf(byName('css-escaped-url'), false);
    assert.doesNotMatch(escaped.frame, /tracker|\\/);
  });

  it('links open outside with their real target as title', async () => {
    const { frame } = await frameOf(byName('url-link-targets'), false);
    assert.match(frame, /<a href="https:\/\/good\.example\/" title="https:\/\/good\.example\/" target="_blank" rel="noopener noreferrer nofollow">bank<\/a>/);
    assert.doesNotMatch(frame, /bank\.example|_top|_parent|opener"/);
  });

  it('cid images become data: URIs of real raster parts only', async () => {
    const { rendered } = await frameOf(byName('inline-cid-image'), false);
    assert.match(rendered.html ?? '', /<img src="data:image\/png;base64,iVBORw0KGgo[^"]*" alt="logo">/);
    assert.match(rendered.html ?? '', /<img alt="svg">/);
    const logo = rendered.attachments.find((a) => a.cid === 'logo@corpus');
    const svg = rendered.attachments.find((a) => a.cid === 'svg@corpus');
    assert.deepEqual([logo?.embedded, logo?.previewable, logo?.inline], [true, 'image', true]);
    assert.deepEqual([svg?.embedded, svg?.previewable], [false, null]);
  });

  it('hostile headers are plain text without bidi overrides', async () => {
    const subject = await renderMessage(byName('header-subject-script'), { allowRemote: false });
    assert.equal(subject.subject, `<script>${JS}</script> <img src=x onerror="${JS}">`);
    const rtl = await renderMessage(byName('header-subject-rtl'), { allowRemote: false });
    assert.equal(rtl.subject, 'Invoice fdp.exe x');
    const from = await renderMessage(byName('header-from-name'), { allowRemote: false });
    assert.equal(from.from[0]?.address, 'attacker@attacker.example');
    assert.equal(from.replyTo[0]?.name, 'support@bank.example lpmaxe.live');
    assert.ok(from.headers.every((h) => !BIDI.test(h.value)));
    const broken = await renderMessage(byName('header-broken-encoded-words'), { allowRemote: false });
    assert.equal(typeof broken.subject, 'string');
  });

  it('attachment names are bare and safe', async () => {
    const { attachments } = await renderMessage(byName('attachment-names'), { allowRemote: false });
    const names = attachments.map((a) => a.filename);
    assert.deepEqual(names.slice(0, 5), [
      'passwd',
      'win.ini',
      // The name was `<script>…</script>.txt`: its last path segment is `script>.txt`.
      'script_.txt',
      'invoicefdp.exe',
      '_CON.txt',
    ]);
    assert.ok((names[5]?.length ?? 0) <= 150 && names[5]?.endsWith('.txt'));
    assert.equal(names[6], 'name.txt');
    assert.equal(attachments[0]?.previewable, 'pdf');
  });

  it('only real raster images and PDFs are previewable', async () => {
    const { attachments } = await renderMessage(byName('attachment-lying-types'), { allowRemote: false });
    assert.deepEqual(
      attachments.map((a) => [a.filename, a.contentType, a.previewable]),
      [
        ['notreally.png', 'image/png', null],
        ['vector.svg', 'image/svg+xml', null],
        ['page.html', 'text/html', null],
        ['photo.png', 'image/png', 'image'],
      ],
    );
  });

  it('a plain text mail is escaped and only https and mailto are linked', async () => {
    const { rendered, frame } = await frameOf(byName('text-part-markup'), false);
    assert.equal(rendered.html, null);
    assert.match(frame, /Hello &lt;script&gt;/);
    assert.match(frame, /<a href="https:\/\/safe\.example\/path\?q=1&amp;r=2" target="_blank" rel="noopener noreferrer nofollow" title="[^"]+">/);
    assert.match(frame, /<a href="https:\/\/paren\.example\/a_\(b\)"/);
    assert.match(frame, /<a href="mailto:someone@example\.com"/);
    assert.doesNotMatch(frame, /href="(http:|javascript|data)/);
  });

  it('an attached message goes through the same sanitiser', async () => {
    const raw = byName('nested-message-hostile');
    const outer = await renderMessage(raw, { allowRemote: false });
    const part = outer.attachments.find((a) => a.isMessage);
    assert.ok(part);
    const inner = await messageAttachment(raw, part.id);
    assert.ok(inner);
    const { rendered, frame } = await frameOf(inner, false);
    assert.equal(rendered.subject, 'inner');
    assert.equal(rendered.remoteContentBlocked, true);
    assert.deepEqual(frameViolations(frame, { allowRemote: false }), []);
  });
});
