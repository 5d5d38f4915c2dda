/**
 * \Recent (RFC 3501 §2.3.2) across maild instances: per folder (and
 * UIDVALIDITY) a Redis number, the highest UID some session has been
 * shown. A session that raises it owns the messages above the old value
 * as \Recent. The mark lives 30 days after its last change.
 *
 * \Recent is session state, not message state: it lives beside the store
 * (Redis, shared by every instance) rather than in it. A Folder column
 * raised with UPDATE … RETURNING would serve as well.
 *
 * While Redis is unavailable nothing is \Recent (claim answers "all seen",
 * peek "none new"): a hint flag is not worth refusing SELECT or STATUS
 * over. The outage is logged once.
 */
import type { Logger } from '@kontor/core';
import { OutageLog } from '@kontor/core/redis';
import type { Redis } from 'ioredis';

const TTL_SECONDS = 30 * 24 * 3600;

const CLAIM = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return current`;

export interface RecentMarks {
  /** Raises the mark to `upToUid`; returns the mark before. */
  claim(folderId: number, uidValidity: number, upToUid: number): Promise<number>;
  /** The mark now (STATUS RECENT counts the messages above it). */
  peek(folderId: number, uidValidity: number): Promise<number>;
}

export function createRecentMarks(redis: Redis, prefix = 'kontor', log?: Pick<Logger, 'warn' | 'info'>): RecentMarks {
  const key = (folderId: number, uidValidity: number) => `${prefix}:imap:recent:${folderId}:${uidValidity}`;
  const outage = new OutageLog(log ?? { warn() {}, info() {} }, 'IMAP \\Recent marks (Redis)');
  const orElse = async <T>(work: Promise<T>, fallback: T): Promise<T> => {
    try {
      const value = await work;
      outage.recovered();
      return value;
    } catch (error) {
      outage.failed(error);
      return fallback;
    }
  };
  return {
    async claim(folderId, uidValidity, upToUid) {
      const previous = await orElse(redis.eval(CLAIM, 1, key(folderId, uidValidity), String(upToUid), String(TTL_SECONDS)), upToUid);
      return Number(previous);
    },
    async peek(folderId, uidValidity) {
      return Number((await orElse(redis.get(key(folderId, uidValidity)), null)) ?? 0);
    },
  };
}
