import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '@kontor/core';

/** Where `npm start` writes the address of the embedded database it serves. */
export function embeddedUrlFile(dataDir: string): string {
  return path.join(dataDir, 'run', 'embedded-db.url');
}

/**
 * The database every process of this installation uses: DATABASE_URL when
 * set, else the embedded PostgreSQL that `npm start` serves (which takes one
 * connection per process at a time, hence the pool of one).
 */
export function resolveDatabaseUrl(config: Pick<Config, 'DATABASE_URL' | 'DATABASE_POOL_MAX' | 'DATA_DIR'>): {
  url: string;
  poolMax: number;
  embedded: boolean;
} {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, embedded: false };
  const file = embeddedUrlFile(config.DATA_DIR);
  if (!existsSync(file)) {
    throw new Error(`DATABASE_URL is not set and Kontor's embedded database is not running (no ${file}): run npm start, or set DATABASE_URL`);
  }
  return { url: readFileSync(file, 'utf8').trim(), poolMax: 1, embedded: true };
}
