/**
 * What a command handler gets: the database (opened on first use, closed by
 * main), and where to write. Handlers never touch process.* themselves.
 */
import type { Db } from '@kontor/db';
import { core, data } from './deps.ts';

export interface Context {
  /** The installation's database: DATABASE_URL, else the embedded one `npm start` serves. */
  db(): Promise<Db>;
  /** Writes one or more lines to stdout. */
  print(text: string): void;
  /** Closes the database if it was opened. */
  close(): Promise<void>;
}

export function createContext(): Context {
  let db: Promise<Db> | undefined;
  return {
    db() {
      db ??= (async () => {
        const [{ loadConfig }, { createDb }, { resolveDatabaseUrl }] = await Promise.all([core(), data(), import('@kontor/db/embedded')]);
        const { url, poolMax } = resolveDatabaseUrl(loadConfig());
        return createDb({ url, max: poolMax });
      })();
      return db;
    },
    print(text) {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    async close() {
      const opened = await db?.catch(() => undefined);
      db = undefined;
      await opened?.$disconnect();
    },
  };
}
