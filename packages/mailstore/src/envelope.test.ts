import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSearchHeaders, writtenDay } from './envelope.ts';

describe('search headers', () => {
  it('the day written in Date:, time and zone disregarded (RFC 3501 §6.4.4 SENT*)', () => {
    assert.equal(writtenDay('Tue, 1 Dec 2026 00:30:00 +0200'), '2026-12-01');
    assert.equal(writtenDay('Tue, 1 Dec 2026 23:30:00 -0500'), '2026-12-01');
    assert.equal(writtenDay('(comment) 9 Jan 99 23:59 -1200'), '1999-01-09');
    assert.equal(writtenDay('Fri, 05 Mar 2027 00:00:00 +1400 (NZDT)'), '2027-03-05');
    // Not the RFC 5322 form, still a date: its own calendar day.
    assert.equal(writtenDay('2026-12-01T23:30:00-05:00'), '2026-12-01');
    assert.equal(writtenDay('yesterday'), null);
    assert.equal(writtenDay(undefined), null);
  });

  it('group display names stay in the decoded address columns (SEARCH TO/CC match them)', () => {
    const headers = buildSearchHeaders(
      new Map([
        ['to', 'Release Team: ann@example.org, "Bo" <bo@example.org>;, carl@example.org'],
        ['cc', 'undisclosed-recipients:;'],
        ['bcc', '=?utf-8?q?Gr=C3=BCn?=: g@example.org;'],
      ]),
    );
    assert.equal(headers.to, 'Release Team: ann@example.org, Bo <bo@example.org>;, carl@example.org');
    assert.equal(headers.cc, 'undisclosed-recipients:;');
    assert.equal(headers.bcc, 'Grün: g@example.org;');
  });
});
