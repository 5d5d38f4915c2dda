import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { addUpload, attachmentAllowance, listUploads, removeCompose, resolveUploads, saveUpload, sweepUploads, UploadTooLargeError } from './uploads.ts';

describe('compose uploads on disk', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'kontor-uploads-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const scope = (sessionId: string, composeId = 'composeAAAAAAAAAAAAAA') => ({ sessionId, composeId, dataDir });

  it('leaves room for base64 and the text in MAX_MESSAGE_SIZE', () => {
    const allowance = attachmentAllowance(50 * 1024 * 1024);
    // 57 bytes become a 78-byte line: the encoded attachments fit.
    assert.ok(Math.ceil(allowance / 57) * 78 <= 50 * 1024 * 1024 - 63 * 1024);
    assert.ok(allowance > 36 * 1024 * 1024);
  });

  it('stores files per session and compose, names cleaned, types checked; another session sees none of them', async () => {
    const file = await saveUpload(
      scope('anna'),
      { filename: '../../etc/pass\u202Ewd.txt', contentType: 'text/plain; charset=utf-8', body: Readable.from([Buffer.from('hello')]) },
      1000,
    );
    assert.equal(file.filename, 'passwd.txt');
    assert.equal(file.contentType, 'text/plain');
    assert.equal(file.size, 5);
    await addUpload(scope('anna'), { filename: 'b.bin', contentType: 'not a type', content: Buffer.alloc(10) });
    assert.deepEqual(
      (await listUploads(scope('anna'))).map((f) => [f.filename, f.contentType]),
      [
        ['passwd.txt', 'text/plain'],
        ['b.bin', 'application/octet-stream'],
      ],
    );
    assert.deepEqual(await listUploads(scope('ben')), []);
    assert.equal(await resolveUploads(scope('ben'), [file.id]), null, 'ben cannot name anna’s file');
    const resolved = await resolveUploads(scope('anna'), [file.id]);
    assert.equal(resolved?.[0]?.size, 5);
    await assert.rejects(listUploads(scope('anna', '../../escape')), /invalid compose id/);
  });

  it('stops an upload past the allowance and keeps nothing of it', async () => {
    const s = scope('carla');
    await saveUpload(s, { filename: 'a', contentType: 'application/octet-stream', body: Readable.from([Buffer.alloc(600)]) }, 1000);
    await assert.rejects(
      saveUpload(s, { filename: 'b', contentType: 'application/octet-stream', body: Readable.from([Buffer.alloc(300), Buffer.alloc(300)]) }, 1000),
      UploadTooLargeError,
    );
    assert.deepEqual(
      (await listUploads(s)).map((f) => f.filename),
      ['a'],
    );
    await removeCompose(s);
    assert.deepEqual(await listUploads(s), []);
  });

  it('sweeps compose folders untouched for a day', async () => {
    const old = scope('dora', 'composeOLDAAAAAAAAAAAA');
    const fresh = scope('dora', 'composeNEWAAAAAAAAAAAA');
    await addUpload(old, { filename: 'x', contentType: 'text/plain', content: Buffer.from('x') });
    await addUpload(fresh, { filename: 'y', contentType: 'text/plain', content: Buffer.from('y') });
    const root = path.join(dataDir, 'webmail-uploads');
    // Two days old: the folder's time is what the sweep reads.
    for (const dir of await readdir(root)) {
      const oldPath = path.join(root, dir, old.composeId);
      const exists = await stat(oldPath).catch(() => null);
      if (exists) await utimes(oldPath, new Date(Date.now() - 2 * 86_400_000), new Date(Date.now() - 2 * 86_400_000));
    }
    await sweepUploads({ dataDir });
    assert.deepEqual(await listUploads(old), []);
    assert.equal((await listUploads(fresh)).length, 1);
  });
});
