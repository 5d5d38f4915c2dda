import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateTime, parseDateTime, parseSearchDate } from './dates.ts';

describe('IMAP dates', () => {
  it('parses search dates', () => {
    assert.equal(parseSearchDate('1-Feb-1994'), '1994-02-01');
    assert.equal(parseSearchDate('29-feb-2024'), '2024-02-29');
    for (const bad of ['29-Feb-2023', '1-Foo-1994', '1994-02-01', '1-Feb-94', '32-Jan-2000', '']) {
      assert.equal(parseSearchDate(bad), undefined, bad);
    }
  });

  it('parses date-time with its zone', () => {
    const parsed = parseDateTime('17-Jul-1996 02:44:25 -0700');
    assert.equal(parsed?.date.toISOString(), '1996-07-17T09:44:25.000Z');
    assert.equal(parsed?.offsetMinutes, -420);
    assert.equal(parseDateTime(' 7-Jul-1996 02:44:25 +0000')?.date.toISOString(), '1996-07-07T02:44:25.000Z');
    assert.equal(parseDateTime('17-Jul-1996 25:44:25 -0700'), undefined);
    assert.equal(parseDateTime('17-Jul-1996 02:44:25'), undefined);
  });

  it('formats INTERNALDATE', () => {
    assert.equal(formatDateTime(new Date('1996-07-17T09:44:25Z'), -420), '17-Jul-1996 02:44:25 -0700');
    assert.equal(formatDateTime(new Date('2024-01-05T23:30:00Z'), 90), '06-Jan-2024 01:00:00 +0130');
    assert.equal(formatDateTime(new Date('2024-01-05T23:30:00Z')), '05-Jan-2024 23:30:00 +0000');
  });
});
