// The TNEF reader on real Outlook streams, compared with Debian's `tnef`
// utility (an independent C implementation), and on a stream written here
// after [MS-OXTNEF] that the same utility reads back identically.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isTnef, readTnefFiles } from './tnef.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/webmail-render/tnef');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** What Debian's tnef extracts: file name → bytes. */
function debianTnef(file: string): Map<string, Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kontor-tnef-'));
  execFileSync('tnef', ['--overwrite', '-C', dir, file]);
  return new Map(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name))]));
}

// A minimal TNEF writer ([MS-OXTNEF] 2.1.3): enough to put a Unicode long
// file name and a MIME tag into the MAPI properties of one attachment.
function attribute(level: number, id: number, value: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt8(level, 0);
  head.writeUInt32LE(id, 1);
  head.writeUInt32LE(value.length, 5);
  const checksum = Buffer.alloc(2);
  checksum.writeUInt16LE(
    value.reduce((sum, byte) => (sum + byte) & 0xffff, 0),
    0,
  );
  return Buffer.concat([head, value, checksum]);
}
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
};
const pad4 = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
function stringProperty(type: number, id: number, text: string): Buffer {
  const bytes = type === 0x001f ? Buffer.from(`${text}\0`, 'utf16le') : Buffer.from(`${text}\0`, 'latin1');
  const tag = Buffer.alloc(4);
  tag.writeUInt16LE(type, 0);
  tag.writeUInt16LE(id, 2);
  return Buffer.concat([tag, u32(1), u32(bytes.length), pad4(bytes)]);
}
function writeTnef(files: { title: string; longName: string; mime: string; content: Buffer }[]): Buffer {
  const parts: Buffer[] = [u32(0x223e9f78), Buffer.from([0x01, 0x00])];
  parts.push(attribute(1, 0x00089006, u32(0x00010000))); // attTnefVersion
  parts.push(attribute(1, 0x00069007, Buffer.concat([u32(1252), u32(0)]))); // attOemCodepage
  for (const file of files) {
    parts.push(attribute(2, 0x00069002, Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 1, 0, 0, 0, 0, 0])));
    parts.push(attribute(2, 0x00018010, Buffer.from(`${file.title}\0`, 'latin1')));
    parts.push(attribute(2, 0x0006800f, file.content));
    const props = [stringProperty(0x001f, 0x3707, file.longName), stringProperty(0x001e, 0x370e, file.mime)];
    parts.push(attribute(2, 0x00069005, Buffer.concat([u32(props.length), ...props])));
  }
  return Buffer.concat(parts);
}

describe('TNEF reader', () => {
  it('reads the files of a real Outlook winmail.dat exactly as Debian tnef does', () => {
    const ours = readTnefFiles(fixture('attachments.dat'));
    assert.ok(ours);
    const theirs = debianTnef(path.join(FIXTURES, 'attachments.dat'));
    assert.deepEqual(ours.map((file) => file.filename).sort(), [...theirs.keys()].sort());
    for (const file of ours) assert.ok(file.content.equals(theirs.get(file.filename) as Buffer), file.filename);
    assert.deepEqual(
      ours.map((file) => [file.filename, file.content.length]),
      [
        ['zappa_av1.jpg', 2937],
        ['bookmark.htm', 85805],
      ],
    );
  });

  it('reads MIME tags and Content-IDs from the MAPI properties of a stream Debian tnef gives up on', () => {
    const files = readTnefFiles(fixture('outlook-inline-images.dat'));
    assert.deepEqual(
      files?.map((file) => [file.filename, file.contentType, file.contentId, file.content.subarray(0, 2).toString('hex')]),
      [
        ['image001.jpg', 'image/jpeg', 'image001.jpg@01D139A1.76DB0C80', 'ffd8'],
        ['image002.jpg', 'image/jpeg', 'image002.jpg@01D139A1.76DB0C80', 'ffd8'],
        ['image003.png', 'image/png', 'image003.png@01D139A1.76DB0C80', '8950'],
      ],
    );
  });

  it('prefers the Unicode long file name, as Debian tnef does', () => {
    const stream = writeTnef([
      { title: 'ANGEBO~1.PDF', longName: 'Angebot für Müller – März.pdf', mime: 'application/pdf', content: Buffer.from('%PDF-1.4 test') },
      { title: 'notes.txt', longName: 'Notizen.txt', mime: 'text/plain', content: Buffer.from('odd length!') },
    ]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kontor-tnef-')), 'winmail.dat');
    writeFileSync(file, stream);
    const theirs = debianTnef(file);
    const ours = readTnefFiles(stream);
    assert.deepEqual(
      ours?.map((f) => [f.filename, f.contentType, f.content.toString()]),
      [
        ['Angebot für Müller – März.pdf', 'application/pdf', '%PDF-1.4 test'],
        ['Notizen.txt', 'text/plain', 'odd length!'],
      ],
    );
    assert.deepEqual([...theirs.keys()].sort(), ['Angebot für Müller – März.pdf', 'Notizen.txt']);
  });

  it('is not fooled by non-TNEF and never throws on broken streams', () => {
    assert.equal(readTnefFiles(fixture('bad-signature.dat')), null);
    assert.equal(isTnef(Buffer.from('hello world')), false);
    const real = fixture('attachments.dat');
    for (let cut = 0; cut < real.length; cut += 997) assert.doesNotThrow(() => readTnefFiles(real.subarray(0, cut)));
    const truncated = readTnefFiles(real.subarray(0, 5000));
    assert.ok(truncated && truncated.length <= 1);
    const garbage = Buffer.concat([real.subarray(0, 6), Buffer.alloc(64, 0xff)]);
    assert.deepEqual(readTnefFiles(garbage), []);
  });
});
