import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { BlobStore } from './blob-store.ts';
import { BlobMissingError } from './errors.ts';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('blob store', () => {
  let dir: string;
  let store: BlobStore;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kontor-blobs-'));
    store = new BlobStore(path.join(dir, 'blobs'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams into ab/cd/<sha256>, hashing and counting, chunk observer sees every byte', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024 + 17, 'abc\r\n');
    const seen: Buffer[] = [];
    async function* chunks() {
      for (let i = 0; i < data.length; i += 65536) yield data.subarray(i, i + 65536);
    }
    const info = await store.put(chunks(), { onChunk: (c) => seen.push(c) });
    const expected = createHash('sha256').update(data).digest('hex');
    assert.deepEqual(info, { sha256: expected, size: data.length });
    assert.ok(Buffer.concat(seen).equals(data));
    const file = path.join(dir, 'blobs', expected.slice(0, 2), expected.slice(2, 4), expected);
    assert.equal(store.pathOf(expected), file);
    assert.ok((await readFile(file)).equals(data));
    assert.deepEqual(await readdir(path.join(dir, 'blobs', 'tmp')), []);
  });

  it('keeps an existing identical blob, refreshes its mtime, drops the temp file', async () => {
    const info = await store.put(Readable.from([Buffer.from('same content\r\n')]));
    const old = new Date(Date.now() - 3600_000);
    await utimes(store.pathOf(info.sha256), old, old);
    const again = await store.put(Readable.from(['same ', 'content\r\n']));
    assert.deepEqual(again, info);
    assert.ok((await stat(store.pathOf(info.sha256))).mtimeMs > old.getTime() + 1000);
    assert.deepEqual(await readdir(path.join(dir, 'blobs', 'tmp')), []);
  });

  it('reads ranges (inclusive end, as fs does) and removes', async () => {
    const info = await store.put(Readable.from([Buffer.from('0123456789')]));
    assert.equal((await readAll(store.createReadStream(info.sha256, { start: 2, end: 4 }))).toString(), '234');
    assert.equal((await readAll(store.createReadStream(info.sha256, { start: 7 }))).toString(), '789');
    // read(): [start, end) in one go, cut short at the end of the blob.
    assert.equal((await store.read(info.sha256, 2, 5)).toString(), '234');
    assert.equal((await store.read(info.sha256, 8, 20)).toString(), '89');
    assert.equal((await store.read(info.sha256, 3, 3)).length, 0);
    assert.equal(await store.remove(info.sha256), true);
    await assert.rejects(store.read(info.sha256, 0, 4), BlobMissingError);
    assert.equal(await store.remove(info.sha256), false);
    assert.equal(await store.exists(info.sha256), false);
    assert.throws(() => store.pathOf('../../etc/passwd'));
  });

  it('a failing input leaves no temp file behind', async () => {
    async function* broken() {
      yield Buffer.from('partial');
      throw new Error('connection reset');
    }
    await assert.rejects(store.put(broken()), /connection reset/);
    assert.deepEqual(await readdir(path.join(dir, 'blobs', 'tmp')), []);
  });

  it('lists blobs and removes stale temp files', async () => {
    const listed: string[] = [];
    for await (const blob of store.listBlobs()) listed.push(blob.sha256);
    assert.ok(listed.length >= 2);
    const stale = path.join(dir, 'blobs', 'tmp', 'crashed-write');
    await writeFile(stale, 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, old, old);
    assert.equal(await store.removeStaleTemp(3600_000), 1);
  });
});
