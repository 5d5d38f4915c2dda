import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CssContext, sanitizeStyleAttribute, sanitizeStyleSheet } from './css-sanitizer.ts';

function context(allowRemote = false): CssContext & { blocked: number } {
  const own = 'data:image/png;base64,AAAA';
  const ctx = {
    allowRemote,
    blocked: 0,
    resolveCid: (cid: string) => (cid === 'logo@x' ? own : null),
    isOwnDataUri: (uri: string) => uri === own,
    remoteBlocked: () => {
      ctx.blocked += 1;
    },
  };
  return ctx;
}

describe('CSS sanitiser', () => {
  it('keeps layout declarations and gradients', () => {
    const css =
      'color: #333; margin: 0 auto; width: calc(100% - 2px); background: linear-gradient(to right, rgb(1,2,3), #fff) !important; font-family: "Kid\'s; Font", Arial';
    assert.equal(
      sanitizeStyleAttribute(css, context()),
      'color: #333; margin: 0 auto; width: calc(100% - 2px); background: linear-gradient(to right, rgb(1,2,3), #fff) !important; font-family: "Kid\'s; Font", Arial',
    );
  });

  it('drops what runs or loads: expression, behavior, binding, escapes, unknown functions', () => {
    for (const css of [
      'width: expression(alert(1))',
      'behavior: url(x.htc)',
      '-moz-binding: url(x.xml#y)',
      'background: u\\72l(https://t.example/x)',
      'background: image-set("https://t.example/x.png" 1x)',
      'background: element(#x)',
      'background: url(javascript:alert(1))',
      'background: url(/relative.png)',
      'background: url(data:image/png;base64,BBBB)',
      'color: red</style><script>',
      'content: "unterminated',
      'filter: progid:DXImageTransform.Microsoft.AlphaImageLoader(src="https://t.example/x")',
    ]) {
      assert.equal(sanitizeStyleAttribute(css, context()), '', css);
    }
  });

  it('remote url(): blocked and reported, kept only as https when allowed', () => {
    const blocked = context();
    assert.equal(sanitizeStyleAttribute('color: red; background: url(https://t.example/a.png)', blocked), 'color: red');
    assert.equal(blocked.blocked, 1);
    const allowed = context(true);
    assert.equal(
      sanitizeStyleAttribute("background: url('https://t.example/a.png') no-repeat", allowed),
      'background: url("https://t.example/a.png") no-repeat',
    );
    assert.equal(sanitizeStyleAttribute('background: url(http://t.example/a.png)', allowed), '');
    assert.equal(allowed.blocked, 1);
  });

  it('cid: url() becomes the inline part, and our own data: URI survives a second pass', () => {
    const ctx = context();
    const once = sanitizeStyleAttribute('background-image: url(cid:logo@x)', ctx);
    assert.equal(once, 'background-image: url("data:image/png;base64,AAAA")');
    assert.equal(sanitizeStyleAttribute(once, ctx), once);
  });

  it('stylesheets: @import and @font-face go, @media stays, broken CSS yields nothing', () => {
    const ctx = context();
    const css =
      '@import url(https://e.example/a.css); @font-face { font-family: x; src: url(https://e.example/f.woff) } @media (max-width: 600px) { .a { color: red } } p { color: blue; background: url(https://e.example/b.png) }';
    assert.equal(sanitizeStyleSheet(css, ctx), '@media (max-width: 600px) {\n.a { color: red }\n}\np { color: blue }');
    assert.equal(ctx.blocked, 2);
    assert.equal(sanitizeStyleSheet('a { color: red', ctx), '');
    assert.equal(sanitizeStyleSheet('a<b { color: red }', ctx), '');
  });
});
