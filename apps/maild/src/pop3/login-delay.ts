/** RFC 2449 LOGIN-DELAY across instances: one Redis key per mailbox that lives `seconds`. */

import type { LoginDelay, Pop3User } from '@kontor/pop3-server';
import type { Redis } from 'ioredis';

export class RedisLoginDelay<U extends Pop3User & { mailboxId: number }> implements LoginDelay<U> {
  constructor(
    private readonly redis: Redis,
    readonly seconds: number,
    private readonly prefix = 'kontor:pop3:last-login',
  ) {}

  async claim(user: U): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:${user.mailboxId}`, String(Date.now()), 'EX', this.seconds, 'NX')) === 'OK';
  }
}
