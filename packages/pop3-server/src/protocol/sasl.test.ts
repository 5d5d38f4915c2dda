import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBase64, LOGIN_PROMPTS, parsePlainResponse } from './sasl.ts';

describe('SASL', () => {
  it('decodes strict base64 only; "=" is an empty response', () => {
    assert.equal(decodeBase64('AGJvYgBzZWNyZXQ=')?.toString(), '\0bob\0secret');
    assert.equal(decodeBase64('=')?.length, 0);
    assert.equal(decodeBase64('abc'), undefined);
    assert.equal(decodeBase64('ab$d'), undefined);
    assert.equal(decodeBase64('YWJj ZA=='), undefined);
  });

  it('parses PLAIN: authzid, user, password in UTF-8', () => {
    assert.deepEqual(parsePlainResponse(Buffer.from('\0anna@example.test\0grüße')), { authzid: '', username: 'anna@example.test', password: 'grüße' });
    assert.deepEqual(parsePlainResponse(Buffer.from('admin\0anna\0pw')), { authzid: 'admin', username: 'anna', password: 'pw' });
    assert.ok('error' in parsePlainResponse(Buffer.from('anna\0pw')));
    assert.ok('error' in parsePlainResponse(Buffer.from('\0\0pw')));
    assert.ok('error' in parsePlainResponse(Buffer.from('\0anna\0')));
  });

  it('prompts LOGIN with Username: and Password:', () => {
    assert.equal(Buffer.from(LOGIN_PROMPTS.username, 'base64').toString(), 'Username:');
    assert.equal(Buffer.from(LOGIN_PROMPTS.password, 'base64').toString(), 'Password:');
  });
});
