import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SendLimit {
  perHour: number;
  perDay: number;
}

export type SendLimitVerdict =
  | { allowed: true }
  | {
      allowed: false;
      window: 'hour' | 'day';
      limit: number;
      sent: number;
      /** Until the oldest counted message leaves the window. */
      retryAfterMs: number;
    };

/** Whose messages are counted: a mailbox id (submission, and API mail from a mailbox's address), or a name such as `apikey-3`. */
export type SendSubject = number | string;

/**
 * Messages a mailbox submitted in the last hour and the last day (sliding
 * windows, one Redis sorted set per mailbox, shared by every instance).
 * Submission (maild) and the panel's sending API count into the same sets.
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

  private key(subject: SendSubject) {
    return `${this.prefix}:${subject}`;
  }

  async check(subject: SendSubject, limit: SendLimit, now = Date.now()): Promise<SendLimitVerdict> {
    if (!limit.perHour && !limit.perDay) return { allowed: true };
    const key = this.key(subject);
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
    if (limit.perHour && hour >= limit.perHour)
      return { allowed: false, window: 'hour', limit: limit.perHour, sent: hour, retryAfterMs: await this.retryAfter(key, HOUR, now) };
    if (limit.perDay && day >= limit.perDay)
      return { allowed: false, window: 'day', limit: limit.perDay, sent: day, retryAfterMs: await this.retryAfter(key, DAY, now) };
    return { allowed: true };
  }

  /** When the oldest message inside the window leaves it (a minute when Redis cannot say). */
  private async retryAfter(key: string, window: number, now: number): Promise<number> {
    const oldest = await this.redis.zrangebyscore(key, now - window, '+inf', 'WITHSCORES', 'LIMIT', 0, 1).catch(() => null);
    const score = Number(oldest?.[1]);
    return Number.isFinite(score) ? Math.max(1000, score + window - now) : 60_000;
  }

  /** Counts one submitted message. */
  async record(subject: SendSubject, now = Date.now()): Promise<void> {
    const key = this.key(subject);
    await this.redis
      .multi()
      .zadd(key, now, `${now}-${randomBytes(4).toString('hex')}`)
      .pexpire(key, DAY)
      .exec();
  }
}
