import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvRow } from './csv.ts';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(new Date('2026-12-03T10:00:00Z')), '2026-12-03T10:00:00.000Z');
    assert.equal(csvRow(['a', 1, 'b,c']), 'a,1,"b,c"\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      const cell = csvCell(evil);
      assert.ok(cell.startsWith("'") || cell.startsWith(`"'`), `${JSON.stringify(evil)} → ${cell}`);
    }
    assert.equal(csvCell('=1,2'), `"'=1,2"`);
    assert.equal(csvCell('a=b'), 'a=b', 'only the start counts');
  });
});
