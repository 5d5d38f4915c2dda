/**
 * Content-addressed blob files: message bodies exactly as received (CRLF),
 * named by their sha256 and fanned out as <root>/ab/cd/<sha256>.
 *
 * A write streams into <root>/tmp, hashing and counting on the way (never
 * holding the whole message), fsyncs the file, renames it into place and
 * fsyncs the directory: once put() resolves, the blob survives a crash.
 * Identical content is stored once; a second put of it keeps the existing
 * file (its mtime refreshed, which keeps it safe from the orphan sweep) and
 * drops the temp file.
 *
 * The blob store knows nothing of reference counts; the Blob table does
 * (see docs/store.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir, open, opendir, rename, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobMissingError } from './errors.ts';

export type BlobInfo = { sha256: string; size: number };

export type PutOptions = {
  /** Sees every chunk, in order, as it is written (storeBlob parses MIME here). */
  onChunk?: (chunk: Buffer) => void;
};

const SHA256 = /^[0-9a-f]{64}$/;
/** Chunks are gathered up to this size before one write. */
const WRITE_BATCH = 256 * 1024;

export class BlobStore {
  readonly root: string;
  private readonly tmpDir: string;
  private ready: Promise<void> | null = null;

  /** `root` is DATA_DIR/blobs. */
  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, 'tmp');
  }

  /** The file of a blob: <root>/ab/cd/<sha256>. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams `input` into the store; resolves once the blob is durable. */
  async put(input: Readable | AsyncIterable<Buffer | Uint8Array | string>, options: PutOptions = {}): Promise<BlobInfo> {
    await this.init();
    const tmp = path.join(this.tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tmp, 'wx', 0o640);
    try {
      let batch: Buffer[] = [];
      let batchSize = 0;
      for await (const piece of input) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        if (!chunk.length) continue;
        hash.update(chunk);
        size += chunk.length;
        options.onChunk?.(chunk);
        batch.push(chunk);
        batchSize += chunk.length;
        if (batchSize >= WRITE_BATCH) {
          await file.writev(batch);
          batch = [];
          batchSize = 0;
        }
      }
      if (batch.length) await file.writev(batch);
      await file.sync();
    } catch (error) {
      await file.close().catch(() => {});
      await unlink(tmp).catch(() => {});
      throw error;
    }
    await file.close();

    const sha256 = hash.digest('hex');
    const target = this.pathOf(sha256);
    const dir = path.dirname(target);
    try {
      const existing = await stat(target).catch(() => null);
      if (existing) {
        // Identical content is there already: keep it, mark it fresh for the sweep.
        const now = new Date();
        await utimes(target, now, now);
        await unlink(tmp);
        return { sha256, size };
      }
      const created = await mkdir(dir, { recursive: true });
      if (created) {
        // New fan-out directories: make their entries durable too.
        await syncDir(path.dirname(dir));
        await syncDir(this.root);
      }
      await rename(tmp, target);
      await syncDir(dir);
    } catch (error) {
      await unlink(tmp).catch(() => {});
      throw error;
    }
    return { sha256, size };
  }

  /**
   * A stream of the blob, or of octets start..end (both inclusive, as
   * fs.createReadStream takes them), honouring backpressure.
   */
  createReadStream(sha256: string, range: { start?: number; end?: number } = {}): Readable {
    return createReadStream(this.pathOf(sha256), { start: range.start, end: range.end, highWaterMark: 64 * 1024 });
  }

  /**
   * Octets [start, end) of the blob into memory, in one positioned read
   * (headers for IMAP FETCH and SEARCH: small, many, and cheaper without a
   * stream each). Shorter when the blob is.
   */
  async read(sha256: string, start: number, end: number): Promise<Buffer> {
    const handle = await open(this.pathOf(sha256), 'r').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new BlobMissingError(sha256) : error;
    });
    try {
      const buffer = Buffer.allocUnsafe(Math.max(0, end - start));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.stat(sha256)) !== null;
  }

  async stat(sha256: string): Promise<Stats | null> {
    return stat(this.pathOf(sha256)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
  }

  /** Deletes the file; false when it was not there. */
  async remove(sha256: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(sha256));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Every blob file with its modification time (for the sweep); temp files excluded. */
  async *listBlobs(): AsyncGenerator<{ sha256: string; mtimeMs: number }> {
    for (const level1 of await listDir(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(level1)) continue;
      for (const level2 of await listDir(path.join(this.root, level1))) {
        if (!/^[0-9a-f]{2}$/.test(level2)) continue;
        const dir = path.join(this.root, level1, level2);
        for (const name of await listDir(dir)) {
          if (!SHA256.test(name)) continue;
          const info = await stat(path.join(dir, name)).catch(() => null);
          if (info?.isFile()) yield { sha256: name, mtimeMs: info.mtimeMs };
        }
      }
    }
  }

  /** Deletes temp files older than `olderThanMs` (left by writes that crashed); returns how many. */
  async removeStaleTemp(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of await listDir(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const info = await stat(file).catch(() => null);
      if (
        info &&
        info.mtimeMs < cutoff &&
        (await unlink(file).then(
          () => true,
          () => false,
        ))
      )
        removed++;
    }
    return removed;
  }

  private init(): Promise<void> {
    this.ready ??= mkdir(this.tmpDir, { recursive: true }).then(() => undefined);
    return this.ready;
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    const names: string[] = [];
    for await (const entry of await opendir(dir)) names.push(entry.name);
    return names;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
