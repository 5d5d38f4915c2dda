import 'server-only';
import { loadConfig } from '@kontor/core';
import { createDb, type Db } from '@kontor/db';
import { resolveDatabaseUrl } from '@kontor/db/embedded';

const cache = globalThis as typeof globalThis & { __kontorDb?: Db };

/**
 * The panel's one database client, made on first use (never at build time)
 * and kept on globalThis so dev-mode reloads do not open new pools.
 */
export function getDb(): Db {
  if (!cache.__kontorDb) {
    const { url, poolMax } = resolveDatabaseUrl(loadConfig());
    cache.__kontorDb = createDb({ url, max: poolMax });
  }
  return cache.__kontorDb;
}
