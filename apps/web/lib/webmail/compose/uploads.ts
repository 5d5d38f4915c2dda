/**
 * Attachments of messages being written, kept on disk until the message is
 * sent or discarded: DATA_DIR/webmail-uploads/<session>/<compose>/<id>.bin
 * with <id>.json beside it (name, type, size). A session reaches only its
 * own folder (the folder is named by a hash of the session id, never by
 * anything in the request), and folders untouched for a day are removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { loadConfig } from '@kontor/core';
import { ID_PATTERN, type UploadedFile } from './compose-input.ts';

export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export function randomId(): string {
  return randomBytes(18).toString('base64url');
}

function uploadsRoot(dataDir = loadConfig().DATA_DIR): string {
  return path.join(dataDir, 'webmail-uploads');
}

function sessionDir(sessionId: string, dataDir?: string): string {
  return path.join(uploadsRoot(dataDir), createHash('sha256').update(sessionId).digest('hex').slice(0, 32));
}

function composeDir(sessionId: string, composeId: string, dataDir?: string): string {
  if (!ID_PATTERN.test(composeId)) throw new Error('invalid compose id');
  return path.join(sessionDir(sessionId, dataDir), composeId);
}

export interface UploadScope {
  sessionId: string;
  composeId: string;
  /** Tests point at a directory of their own; the app uses DATA_DIR. */
  dataDir?: string;
}

/**
 * The most attachment bytes a message may carry: MAX_MESSAGE_SIZE is what
 * submission accepts for the whole encoded message, and base64 turns 57
 * bytes into a 78-byte line. A small margin is left for the text and header.
 */
export function attachmentAllowance(maxMessageSize: number): number {
  const margin = Math.min(64 * 1024, Math.floor(maxMessageSize / 10));
  return Math.max(0, Math.floor(((maxMessageSize - margin) * 57) / 78));
}

/** The files of one compose session, oldest first. */
export async function listUploads(scope: UploadScope): Promise<UploadedFile[]> {
  const dir = composeDir(scope.sessionId, scope.composeId, scope.dataDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: Array<UploadedFile & { createdAt: number }> = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const meta = await readMeta(dir, name.slice(0, -5));
    if (meta) files.push(meta);
  }
  return files.sort((a, b) => a.createdAt - b.createdAt).map(({ createdAt: _createdAt, ...file }) => file);
}

async function readMeta(dir: string, id: string): Promise<(UploadedFile & { createdAt: number }) | null> {
  if (!ID_PATTERN.test(id)) return null;
  try {
    const meta = JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as UploadedFile & { createdAt: number };
    return { id, filename: String(meta.filename), contentType: String(meta.contentType), size: Number(meta.size), createdAt: Number(meta.createdAt) };
  } catch {
    return null;
  }
}

export class UploadTooLargeError extends Error {
  constructor(readonly allowance: number) {
    super(`attachments exceed ${allowance} bytes`);
  }
}

/** Counts bytes through the pipe and stops it once they pass the limit. */
function byteLimit(limit: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      counter.bytes += chunk.length;
      if (counter.bytes > limit) callback(new UploadTooLargeError(limit));
      else callback(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

function cleanFilename(name: string): string {
  // A bare name: no folders, no control or bidi characters (the name goes into a MIME header and the page).
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim()
    .slice(0, 200);
  return cleaned || 'attachment';
}

function cleanContentType(type: string): string {
  const bare = type.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(bare) ? bare : 'application/octet-stream';
}

/**
 * Stores one file of the compose session. `allowance` is for the whole
 * session: the files already there count against it; past it the upload
 * stops with UploadTooLargeError and nothing of it is kept.
 */
export async function saveUpload(
  scope: UploadScope,
  file: { filename: string; contentType: string; body: AsyncIterable<Uint8Array> | NodeJS.ReadableStream },
  allowance: number,
): Promise<UploadedFile> {
  const dir = composeDir(scope.sessionId, scope.composeId, scope.dataDir);
  const used = (await listUploads(scope)).reduce((sum, f) => sum + f.size, 0);
  if (used >= allowance) throw new UploadTooLargeError(allowance);
  await mkdir(dir, { recursive: true });
  const id = randomId();
  const target = path.join(dir, `${id}.bin`);
  const counter = byteLimit(allowance - used);
  try {
    await pipeline(file.body, counter, createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
  return writeMeta(dir, id, { filename: file.filename, contentType: file.contentType, size: counter.bytes });
}

/** Stores bytes the server already has (a forwarded message's attachments, a reopened draft's). */
export async function addUpload(scope: UploadScope, file: { filename: string; contentType: string; content: Buffer }): Promise<UploadedFile> {
  const dir = composeDir(scope.sessionId, scope.composeId, scope.dataDir);
  await mkdir(dir, { recursive: true });
  const id = randomId();
  await writeFile(path.join(dir, `${id}.bin`), file.content, { flag: 'wx' });
  return writeMeta(dir, id, { filename: file.filename, contentType: file.contentType, size: file.content.length });
}

async function writeMeta(dir: string, id: string, file: Omit<UploadedFile, 'id'>): Promise<UploadedFile> {
  const meta = { filename: cleanFilename(file.filename), contentType: cleanContentType(file.contentType), size: file.size };
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify({ ...meta, createdAt: Date.now() }), { flag: 'wx' });
  // The sweep goes by the folder's time: a session still writing keeps its folder.
  const now = new Date();
  await utimes(dir, now, now).catch(() => undefined);
  return { id, ...meta };
}

/** The files the message names, with their paths; null when one is gone (sent elsewhere, swept). */
export async function resolveUploads(scope: UploadScope, ids: string[]): Promise<Array<UploadedFile & { path: string }> | null> {
  const dir = composeDir(scope.sessionId, scope.composeId, scope.dataDir);
  const out: Array<UploadedFile & { path: string }> = [];
  for (const id of ids) {
    const meta = await readMeta(dir, id);
    if (!meta) return null;
    out.push({ id, filename: meta.filename, contentType: meta.contentType, size: meta.size, path: path.join(dir, `${id}.bin`) });
  }
  return out;
}

export async function removeUpload(scope: UploadScope, id: string): Promise<void> {
  if (!ID_PATTERN.test(id)) return;
  const dir = composeDir(scope.sessionId, scope.composeId, scope.dataDir);
  await Promise.all([rm(path.join(dir, `${id}.bin`), { force: true }), rm(path.join(dir, `${id}.json`), { force: true })]);
}

/** Sent or discarded: every file of the compose session goes. */
export async function removeCompose(scope: UploadScope): Promise<void> {
  await rm(composeDir(scope.sessionId, scope.composeId, scope.dataDir), { recursive: true, force: true });
}

/** Removes compose folders (and then empty session folders) not touched for `maxAgeMs`. */
export async function sweepUploads(options: { dataDir?: string; maxAgeMs?: number; now?: number } = {}): Promise<number> {
  const root = uploadsRoot(options.dataDir);
  const cutoff = (options.now ?? Date.now()) - (options.maxAgeMs ?? UPLOAD_MAX_AGE_MS);
  let removed = 0;
  for (const session of await readdir(root).catch(() => [] as string[])) {
    const sessionPath = path.join(root, session);
    const composes = await readdir(sessionPath).catch(() => [] as string[]);
    for (const compose of composes) {
      const composePath = path.join(sessionPath, compose);
      const info = await stat(composePath).catch(() => null);
      if (info && info.mtimeMs < cutoff) {
        await rm(composePath, { recursive: true, force: true });
        removed++;
      }
    }
    if ((await readdir(sessionPath).catch(() => ['?'])).length === 0) await rm(sessionPath, { recursive: true, force: true });
  }
  return removed;
}

let lastSweep = 0;

/** Runs the sweep at most once an hour per process, in the background of a request. */
export function sweepUploadsNowAndThen(): void {
  if (Date.now() - lastSweep < 60 * 60 * 1000) return;
  lastSweep = Date.now();
  sweepUploads().catch(() => undefined);
}
