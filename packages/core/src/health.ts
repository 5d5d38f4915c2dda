/**
 * What /readyz of maild and web asks (docs/monitoring.md): each dependency
 * answers within a bound, and the answer names those that did not.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Redis } from 'ioredis';

/** Each dependency's check gets this long. */
const CHECK_TIMEOUT_MS = 2000;

/** `promise`, or a rejection once `ms` have passed (a health check or scrape source must answer in time). */
export function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The names of the checks that failed or did not answer in time, in the order given. */
export async function readinessFailures(checks: Record<string, () => Promise<unknown>>): Promise<string[]> {
  const results = await Promise.all(
    Object.entries(checks).map(([name, check]) =>
      within(Promise.resolve().then(check), CHECK_TIMEOUT_MS).then(
        () => null,
        () => name,
      ),
    ),
  );
  return results.filter((name): name is string => name !== null);
}

/**
 * Redis answers PING. A connection made lazily (the web app's) may still be
 * connecting at the first probe; without an offline queue its PING would
 * fail at once, so the probe waits for it (the check's timeout bounds that).
 */
export async function pingRedis(redis: Redis): Promise<void> {
  const deadline = Date.now() + CHECK_TIMEOUT_MS;
  while ((redis.status === 'connecting' || redis.status === 'connect' || redis.status === 'wait') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await redis.ping();
}

/** The blob store is usable: a small file under `<blobRoot>/readyz` is written, read back and removed (the store ignores that directory). */
export async function probeBlobDirectory(blobRoot: string): Promise<void> {
  const dir = path.join(blobRoot, 'readyz');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, randomBytes(8).toString('hex'));
  const content = randomBytes(16).toString('hex');
  try {
    await writeFile(file, content);
    if ((await readFile(file, 'utf8')) !== content) throw new Error('the blob directory gave other bytes back');
  } finally {
    await rm(file, { force: true });
  }
}

/** The /readyz answer: 200 `{status: "ok"}`, or 503 `{status: "unavailable", failed: [...]}`. */
export function readinessBody(failed: readonly string[]): { status: 200 | 503; body: { status: 'ok' } | { status: 'unavailable'; failed: string[] } } {
  return failed.length ? { status: 503, body: { status: 'unavailable', failed: [...failed] } } : { status: 200, body: { status: 'ok' } };
}
