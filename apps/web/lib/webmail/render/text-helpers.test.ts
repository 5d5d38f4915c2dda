// Small pieces of the renderer: file names, display text, links in plain text, URL rules, the frame CSP.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayText } from './display-text.ts';
import { sanitizeFilename } from './filename.ts';
import { FRAME_SANDBOX, frameContentSecurityPolicy } from './frame-csp.ts';
import { linkifyText } from './plain-text.ts';
import { cidOf, linkTarget, remoteUrl } from './urls.ts';

describe('sanitizeFilename', () => {
  it('keeps a bare, safe name', () => {
    assert.equal(sanitizeFilename('../../etc/passwd', 'text/plain'), 'passwd');
    assert.equal(sanitizeFilename('C:\\Users\\x\\report.pdf', 'application/pdf'), 'report.pdf');
    assert.equal(sanitizeFilename('invoice\u202efdp.exe', 'application/octet-stream'), 'invoicefdp.exe');
    assert.equal(sanitizeFilename('a<b>:"c"|?*.txt', 'text/plain'), 'a_b___c____.txt');
    assert.equal(sanitizeFilename('nul.txt', 'text/plain'), '_nul.txt');
    assert.equal(sanitizeFilename('...hidden', 'text/plain'), 'hidden');
    assert.equal(sanitizeFilename('', 'application/pdf'), 'attachment.pdf');
    assert.equal(sanitizeFilename(undefined, 'message/rfc822'), 'attachment.eml');
    assert.equal(sanitizeFilename('x\u0000y\ttab.txt', 'text/plain'), 'xy tab.txt');
    const long = sanitizeFilename(`${'ä'.repeat(300)}.docx`, 'application/octet-stream');
    assert.equal(Array.from(long).length, 150);
    assert.ok(long.endsWith('.docx'));
  });
});

describe('displayText', () => {
  it('removes controls and bidi overrides, collapses whitespace', () => {
    assert.equal(displayText(' a\r\n\tb\u202e c\u2066d\u2069\u0007 '), 'a b cd');
    assert.equal(displayText(undefined), '');
  });
});

describe('linkifyText', () => {
  it('escapes everything and links only https and mailto', () => {
    assert.equal(
      linkifyText('<b> see https://a.example/x?y=1&z=2. or http://b.example, mailto:c@d.example!'),
      '&lt;b&gt; see <a href="https://a.example/x?y=1&amp;z=2" target="_blank" rel="noopener noreferrer nofollow" title="https://a.example/x?y=1&amp;z=2">https://a.example/x?y=1&amp;z=2</a>. or http://b.example, <a href="mailto:c@d.example" target="_blank" rel="noopener noreferrer nofollow" title="mailto:c@d.example">mailto:c@d.example</a>!',
    );
    assert.match(linkifyText('(https://w.example/a_(b))'), /href="https:\/\/w\.example\/a_\(b\)"/);
    assert.equal(linkifyText('javascript:alert(1) "quoted"'), 'javascript:alert(1) &quot;quoted&quot;');
  });
});

describe('URL rules', () => {
  it('links: web, mail, phone and fragments only', () => {
    assert.deepEqual(linkTarget('https://xn--80ak6aa92e.com/'), { kind: 'external', href: 'https://xn--80ak6aa92e.com/' });
    assert.deepEqual(linkTarget('https://аррӏе.com/'), { kind: 'external', href: 'https://xn--80ak6aa92e.com/' }, 'IDN shown as punycode');
    assert.deepEqual(linkTarget('#top'), { kind: 'fragment', href: '#top' });
    for (const bad of [
      'javascript:alert(1)',
      'java\tscript:alert(1)',
      ' \u0001javascript:x',
      'data:text/html,x',
      'vbscript:x',
      '/local',
      '//evil.example/',
      '#',
    ]) {
      assert.equal(linkTarget(bad), null, bad);
    }
  });

  it('remote images and cid references', () => {
    assert.equal(remoteUrl('//t.example/p.gif')?.href, 'https://t.example/p.gif');
    assert.equal(remoteUrl('HTTP://T.EXAMPLE/x')?.protocol, 'http:');
    assert.equal(remoteUrl('/relative'), null);
    assert.equal(cidOf('CID:Logo%40Example'), 'logo@example');
    assert.equal(cidOf('https://x'), null);
  });
});

describe('frameContentSecurityPolicy', () => {
  it('blocks everything but inline styles and data: images; https images only when allowed; sandbox in the header form', () => {
    assert.equal(
      frameContentSecurityPolicy({ allowRemote: false }),
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'",
    );
    assert.match(frameContentSecurityPolicy({ allowRemote: true }), /img-src data: https:;/);
    assert.match(frameContentSecurityPolicy({ allowRemote: false, header: true }), new RegExp(`; sandbox ${FRAME_SANDBOX}; frame-ancestors 'self'$`));
  });
});
