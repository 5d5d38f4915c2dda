/**
 * The POP3 maildrop lock (RFC 1939 §8) in Redis, so it holds across maild
 * instances: `SET key token NX PX lease`, renewed every third of the lease
 * while the session lives, released with compare-and-delete so a session
 * only ever removes its own token. A crashed process stops renewing and its
 * lock expires after at most one lease.
 *
 * A lease that could not be renewed in time counts as lost: QUIT then
 * refuses to delete (another session may hold the maildrop by now).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@kontor/core';
import { TemporarilyUnavailableError } from '@kontor/core/errors';
import type { MaildropLock, MaildropLocks, Pop3User } from '@kontor/pop3-server';
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisMaildropLocksOptions {
  leaseMs: number;
  /** Default: a third of the lease. */
  renewEveryMs?: number;
  keyPrefix?: string;
  log: Logger;
}

export class RedisMaildropLocks<U extends Pop3User & { mailboxId: number }> implements MaildropLocks<U> {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisMaildropLocksOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'kontor:pop3:maildrop-lock';
  }

  key(mailboxId: number): string {
    return `${this.prefix}:${mailboxId}`;
  }

  async acquire(user: U): Promise<MaildropLock | null> {
    const key = this.key(user.mailboxId);
    const token = randomUUID();
    const startedAt = Date.now();
    // Redis away: the client hears "try again later" (SYS/TEMP), never a maildrop without its lock.
    const set = await this.redis.set(key, token, 'PX', this.options.leaseMs, 'NX').catch((error: unknown) => {
      throw new TemporarilyUnavailableError('redis', { cause: error });
    });
    if (set !== 'OK') return null;
    return new RedisLease(this.redis, key, token, startedAt, this.options);
  }
}

class RedisLease implements MaildropLock {
  private revoked = false;
  private released = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly token: string,
    /** When the last successful SET/PEXPIRE was sent: the lease runs from then. */
    private renewedAt: number,
    private readonly options: RedisMaildropLocksOptions,
  ) {
    this.timer = setInterval(() => void this.renew(), options.renewEveryMs ?? Math.floor(options.leaseMs / 3));
    this.timer.unref();
  }

  get lost(): boolean {
    return this.revoked || Date.now() - this.renewedAt >= this.options.leaseMs;
  }

  private async renew(): Promise<void> {
    if (this.released || this.revoked) return;
    const sentAt = Date.now();
    try {
      const renewed = await this.redis.eval(RENEW, 1, this.key, this.token, String(this.options.leaseMs));
      if (this.released) return;
      if (renewed === 1) {
        this.renewedAt = sentAt;
      } else {
        this.revoked = true;
        clearInterval(this.timer);
        this.options.log.warn({ key: this.key }, 'pop3 maildrop lock lost');
      }
    } catch (error) {
      this.options.log.warn({ err: error, key: this.key }, 'pop3 maildrop lock renewal failed');
    }
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.timer);
    await this.redis.eval(RELEASE, 1, this.key, this.token);
  }
}
