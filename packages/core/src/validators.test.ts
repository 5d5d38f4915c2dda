import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkPasswordPolicy,
  domainOfAddress,
  formatSize,
  localPartOf,
  parseDestinationAddress,
  parseDomainName,
  parseLocalPart,
  parseMailboxAddress,
  parseSize,
  splitAddress,
  unicodeAddress,
  ValidationError,
} from './index.ts';

describe('splitAddress', () => {
  it('splits at the last @, keeping both parts as written', () => {
    assert.deepEqual(splitAddress('"a@b"@Example.COM'), { local: '"a@b"', domain: 'Example.COM' });
    assert.equal(domainOfAddress('Info@Example.COM'), 'example.com');
    assert.equal(localPartOf('Info@Example.COM'), 'Info');
  });
  it('has no parts without a local part or a domain', () => {
    for (const text of ['', '@example.com', 'info@', 'postmaster']) assert.equal(splitAddress(text), null);
    assert.equal(domainOfAddress('postmaster'), '');
    assert.equal(localPartOf('postmaster'), 'postmaster');
  });
});

describe('unicodeAddress', () => {
  it('shows an IDN address with its domain in Unicode, and anything else as it is', () => {
    assert.equal(unicodeAddress('info@xn--bckerei-mller-bfb28a.example'), 'info@bäckerei-müller.example');
    assert.equal(unicodeAddress('Info@Example.COM'), 'Info@Example.COM');
    assert.equal(unicodeAddress('mailbox'), 'mailbox');
  });
});

describe('parseDomainName', () => {
  it('accepts plain names, lowercases them and drops a trailing dot', () => {
    assert.deepEqual(parseDomainName(' Example.COM. '), { ok: true, value: { ascii: 'example.com', unicode: 'example.com' } });
  });
  it('returns both forms of an IDN, from either form', () => {
    const unicode = parseDomainName('bücher.example');
    assert.ok(unicode.ok);
    assert.equal(unicode.value.ascii, 'xn--bcher-kva.example');
    assert.equal(unicode.value.unicode, 'bücher.example');
    const ascii = parseDomainName('XN--BCHER-KVA.example');
    assert.ok(ascii.ok);
    assert.equal(ascii.value.unicode, 'bücher.example');
  });
  for (const bad of ['', 'localhost', 'exa mple.com', 'a@b.com', '-bad.com', 'bad-.com', 'a..com', 'example.123', `${'a'.repeat(64)}.com`, 'http://x.com']) {
    it(`refuses ${JSON.stringify(bad)} with a message`, () => {
      const result = parseDomainName(bad);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error.length > 5);
    });
  }
});

describe('parseLocalPart', () => {
  it('accepts and lowercases', () => assert.deepEqual(parseLocalPart('Info'), { ok: true, value: 'info' }));
  for (const good of ['a', 'john.doe', 'first_last', 'sales-team', '123']) {
    it(`accepts ${good}`, () => assert.equal(parseLocalPart(good).ok, true));
  }
  for (const bad of ['', '.a', 'a.', 'a..b', 'a b', 'a+b', 'ü', 'a@b', 'x'.repeat(65), '-a']) {
    it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseLocalPart(bad).ok, false));
  }
});

describe('parseMailboxAddress', () => {
  it('splits an address and converts an IDN domain', () => {
    const a = parseMailboxAddress('Info@Bücher.Example');
    assert.equal(a.address, 'info@xn--bcher-kva.example');
    assert.equal(a.domain.unicode, 'bücher.example');
  });
  it('throws a ValidationError on the field', () => {
    assert.throws(
      () => parseMailboxAddress('nope', 'address'),
      (e: unknown) => e instanceof ValidationError && 'address' in e.fields,
    );
    assert.throws(() => parseMailboxAddress('a..b@example.com'), ValidationError);
    assert.throws(() => parseMailboxAddress('info@bad_domain'), ValidationError);
  });
});

describe('parseDestinationAddress', () => {
  it('keeps the local part as written (it belongs to another server) and normalises the domain', () => {
    assert.equal(parseDestinationAddress('John.Doe+tag@GMAIL.com'), 'John.Doe+tag@gmail.com');
  });
  it('refuses broken addresses', () => {
    for (const bad of ['x', '@a.com', 'a@', 'a b@c.com', 'a..b@c.com', 'a@c']) assert.throws(() => parseDestinationAddress(bad), ValidationError, bad);
  });
});

describe('checkPasswordPolicy', () => {
  it('accepts a long varied password', () => assert.equal(checkPasswordPolicy('correct horse battery'), null));
  it('refuses short, common, repetitive or address-like passwords', () => {
    assert.match(checkPasswordPolicy('short1!') ?? '', /at least 10/);
    assert.match(checkPasswordPolicy('password123') ?? '', /common/);
    assert.match(checkPasswordPolicy('aaaaaaaaaaaa') ?? '', /different/);
    assert.match(checkPasswordPolicy('johnsmith2024!', { address: 'johnsmith@example.com' }) ?? '', /address/);
    assert.match(checkPasswordPolicy('x'.repeat(129)) ?? '', /at most/);
    assert.match(checkPasswordPolicy(' leading space is bad') ?? '', /space/);
  });
});

describe('sizes', () => {
  it('parses what people type', () => {
    assert.equal(parseSize('2G'), 2n * 1024n ** 3n);
    assert.equal(parseSize('500 MB'), 500n * 1024n ** 2n);
    assert.equal(parseSize('1.5g'), 1610612736n);
    assert.equal(parseSize('1024'), 1024n);
    assert.equal(parseSize('unlimited'), 0n);
    assert.equal(parseSize('lots'), null);
    assert.equal(parseSize('-1'), null);
  });
  it('formats bytes', () => {
    assert.equal(formatSize(1024n ** 3n), '1 GB');
    assert.equal(formatSize(1536), '1.5 KB');
  });
});
