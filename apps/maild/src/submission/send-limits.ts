import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SendLimit {
  perHour: number;
  perDay: number;
}

export type SendLimitVerdict = { allowed: true } | { allowed: false; window: 'hour' | 'day'; limit: number; sent: number };

/**
 * Messages a mailbox submitted in the last hour and the last day (sliding
 * windows, one Redis sorted set per mailbox, shared by every instance).
 * A limit of 0 means none. Runs on the interactive Redis connection (1 s
 * command timeout, outages logged there once): when Redis cannot answer,
 * the sender is let through rather than kept waiting, like the login
 * limiter; the message itself is safe in PostgreSQL (the outbox).
 */
export class SendLimits {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kontor:send',
  ) {}

  private key(mailboxId: number) {
    return `${this.prefix}:${mailboxId}`;
  }

  async check(mailboxId: number, limit: SendLimit, now = Date.now()): Promise<SendLimitVerdict> {
    if (!limit.perHour && !limit.perDay) return { allowed: true };
    const key = this.key(mailboxId);
    const result = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', now - DAY)
      .zcount(key, now - HOUR, '+inf')
      .zcount(key, now - DAY, '+inf')
      .exec()
      .catch(() => null);
    if (result === null) return { allowed: true };
    const hour = Number(result?.[1]?.[1] ?? 0);
    const day = Number(result?.[2]?.[1] ?? 0);
    if (limit.perHour && hour >= limit.perHour) return { allowed: false, window: 'hour', limit: limit.perHour, sent: hour };
    if (limit.perDay && day >= limit.perDay) return { allowed: false, window: 'day', limit: limit.perDay, sent: day };
    return { allowed: true };
  }

  /** Counts one submitted message. */
  async record(mailboxId: number, now = Date.now()): Promise<void> {
    const key = this.key(mailboxId);
    await this.redis
      .multi()
      .zadd(key, now, `${now}-${randomBytes(4).toString('hex')}`)
      .pexpire(key, DAY)
      .exec();
  }
}
