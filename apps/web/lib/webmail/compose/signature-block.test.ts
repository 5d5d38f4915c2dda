import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToPlainText, plainTextToHtml } from './plain-text.ts';
import { initialBody, signatureHtml, swapPlainSignature } from './signature-block.ts';

const anna = { html: '<p>Anna Berg</p><p>Team</p>', text: 'Anna Berg\nTeam' };
const sales = { html: '<p>Sales desk</p>', text: 'Sales desk' };

describe('signatures in the body', () => {
  it('starts a body with room to write, the signature, then the quote', () => {
    assert.equal(
      initialBody('html', anna, { html: '<blockquote><p>q</p></blockquote>', text: '> q' }),
      `<p></p>${signatureHtml(anna)}<blockquote><p>q</p></blockquote>`,
    );
    assert.equal(initialBody('html', null, null), '<p></p><div class="kontor-signature"></div>');
    assert.equal(initialBody('plain', anna, { html: '', text: 'On x, y wrote:\n> q' }), '\n\n-- \nAnna Berg\nTeam\n\nOn x, y wrote:\n> q');
    assert.equal(initialBody('plain', null, null), '');
  });

  it('swaps a plain signature where it stands, inserts above the quote, removes it', () => {
    const body = 'Hello\n\n-- \nAnna Berg\nTeam\n\nOn x, y wrote:\n> q';
    assert.equal(swapPlainSignature(body, anna, sales), 'Hello\n\n-- \nSales desk\n\nOn x, y wrote:\n> q');
    assert.equal(swapPlainSignature('Hello\n\nOn x, y wrote:\n> q', null, sales), 'Hello\n\n-- \nSales desk\n\nOn x, y wrote:\n> q');
    assert.equal(swapPlainSignature('Hello', null, sales), 'Hello\n\n-- \nSales desk\n');
    assert.equal(swapPlainSignature(body, anna, null), 'Hello\n\nOn x, y wrote:\n> q');
  });

  it('turns HTML into plain text with "> " quotes, list items, links and the signature line', () => {
    const html = `<p>Hi <strong>Ben</strong></p><ul><li><p>one</p></li><li><p>two</p></li></ul><p><a href="https://x.example/a">offer</a></p>${signatureHtml(anna)}<p>On x, y wrote:</p><blockquote><p>q</p></blockquote>`;
    assert.equal(htmlToPlainText(html), 'Hi Ben\n\n * one\n * two\n\noffer <https://x.example/a>\n\n-- \nAnna Berg\nTeam\n\nOn x, y wrote:\n\n> q');
    assert.equal(htmlToPlainText(`<p>x</p>${signatureHtml(null)}`), 'x');
  });

  it('turns plain text into paragraphs and nested quotes, escaping markup', () => {
    assert.equal(
      plainTextToHtml('a <b>\nb\n\n> q\n> > deep\nafter'),
      '<p>a &lt;b&gt;<br>b</p><blockquote><p>q</p><blockquote><p>deep</p></blockquote></blockquote><p>after</p>',
    );
  });
});
