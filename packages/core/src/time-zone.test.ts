import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTimeZone, timeZoneNames, timeZoneOffsetMs, utcToZonedLocal, zonedLocalToUtc } from './time-zone.ts';

const iso = (local: string, zone: string) => zonedLocalToUtc(local, zone)?.toISOString() ?? null;

describe('time zones', () => {
  it('reads a wall-clock time in a zone as the right UTC instant, winter and summer', () => {
    assert.equal(iso('2026-12-24T18:00', 'Europe/Berlin'), '2026-12-24T17:00:00.000Z');
    assert.equal(iso('2026-07-01T18:00', 'Europe/Berlin'), '2026-07-01T16:00:00.000Z');
    assert.equal(iso('2026-07-01 09:30', 'America/New_York'), '2026-07-01T13:30:00.000Z');
    assert.equal(iso('2026-01-01T00:00', 'UTC'), '2026-01-01T00:00:00.000Z');
    assert.equal(iso('2026-07-01T12:00', 'Asia/Kolkata'), '2026-07-01T06:30:00.000Z');
  });

  it('handles the changes of the clocks: a skipped time moves forward, a doubled one is the first', () => {
    // 29 March 2026: Berlin jumps from 02:00 CET to 03:00 CEST.
    assert.equal(iso('2026-03-29T01:59', 'Europe/Berlin'), '2026-03-29T00:59:00.000Z');
    assert.equal(iso('2026-03-29T02:30', 'Europe/Berlin'), '2026-03-29T01:30:00.000Z', '02:30 does not exist: 03:30 CEST');
    assert.equal(iso('2026-03-29T03:00', 'Europe/Berlin'), '2026-03-29T01:00:00.000Z');
    // 25 October 2026: 02:00–03:00 happens twice.
    assert.equal(iso('2026-10-25T02:30', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z', 'the first 02:30 (CEST)');
    assert.equal(iso('2026-10-25T03:00', 'Europe/Berlin'), '2026-10-25T02:00:00.000Z');
  });

  it('shows an instant as the zone wall clock, the other way round', () => {
    assert.equal(utcToZonedLocal(new Date('2026-12-24T17:00:00Z'), 'Europe/Berlin'), '2026-12-24T18:00');
    assert.equal(utcToZonedLocal(new Date('2026-07-01T16:00:00Z'), 'Europe/Berlin'), '2026-07-01T18:00');
    assert.equal(utcToZonedLocal(new Date('2026-10-25T00:30:00Z'), 'Europe/Berlin'), '2026-10-25T02:30');
    assert.equal(utcToZonedLocal(new Date('2026-10-25T01:30:00Z'), 'Europe/Berlin'), '2026-10-25T02:30');
    for (const local of ['2026-01-15T08:05', '2026-06-15T23:59', '2026-03-29T03:00']) {
      assert.equal(utcToZonedLocal(zonedLocalToUtc(local, 'Europe/Berlin')!, 'Europe/Berlin'), local);
    }
    assert.equal(timeZoneOffsetMs(new Date('2026-01-01T00:00:00Z'), 'Europe/Berlin'), 3_600_000);
  });

  it('refuses what is not a date and time', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01']) {
      assert.equal(zonedLocalToUtc(bad, 'Europe/Berlin'), null, bad);
    }
  });

  it('knows IANA zones, in any case, and not offsets', () => {
    assert.equal(canonicalTimeZone('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
    for (const bad of ['', 'Mars/Olympus', '+01:00', '1', 'CET/Nowhere']) assert.equal(canonicalTimeZone(bad), null, bad);
    const names = timeZoneNames();
    assert.equal(names[0], 'UTC');
    assert.ok(names.includes('Europe/Berlin') && names.includes('America/New_York'));
    for (const name of names) assert.ok(canonicalTimeZone(name), name);
  });
});
