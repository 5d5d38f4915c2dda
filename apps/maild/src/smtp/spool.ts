/**
 * The spool holds a message while its SMTP transaction runs (MX
 * `<queue id>.eml`, submission `<queue id>.sub.eml`); the transaction
 * removes it when it ends. A crash ends it without that: its file was
 * never acknowledged (the client got no 250 and sends again), so at start
 * every file in the instance's own spool is left over and goes. Each host
 * and role has its own folder, because several maild processes may share
 * DATA_DIR (docs/scaling.md) and one's start must not touch another's
 * transactions.
 */
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '@kontor/core';

/** DATA_DIR/spool/<host name>/<role>: the spool of this instance's SMTP or submission listener. */
export function spoolDirOf(dataDir: string, role: 'smtp' | 'submission', host = os.hostname()): string {
  return path.join(dataDir, 'spool', host.replace(/[^A-Za-z0-9.-]/g, '_'), role);
}

/** Removes the `*.eml` files left in the spool; resolves to how many. */
export async function sweepSpool(spoolDir: string, log: Logger): Promise<number> {
  const names = await readdir(spoolDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const stale = names.filter((name) => name.endsWith('.eml'));
  await Promise.all(stale.map((name) => rm(path.join(spoolDir, name), { force: true })));
  if (stale.length) log.info({ spoolDir, files: stale.length }, 'removed spool files of transactions a previous run did not finish');
  return stale.length;
}
