import type { Logger } from '@kontor/core';
import { OutageLog } from '@kontor/core/redis';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

const tooMany = () => reject(421, '4.7.0', 'Too many connections from your address, try again later');

export interface ConnectContext {
  remoteAddress: string;
}

/**
 * At most `maxPerIp` simultaneous connections from one address in this
 * process, and at most `perMinute` new connections per address across all
 * instances (Redis). Refusals are 421: the client will come back later.
 *
 * The step takes the connection's slot before it awaits anything: a burst
 * of connections arriving together must not all pass the check while the
 * first ones wait for Redis. A connection the step lets through holds its
 * slot until `release`; a refused one holds none.
 *
 * When Redis is unavailable the per-minute count is skipped (mail must not
 * stop for it): give it an interactive connection, which fails within a
 * second, and the outage is logged once.
 */
export class ConnectionLimits {
  private readonly open = new Map<string, number>();
  private readonly rate?: RateLimiterRedis;
  private readonly outage: OutageLog;

  constructor(
    private readonly maxPerIp: number,
    options: { redis?: Redis; perMinute?: number; keyPrefix?: string; log?: Pick<Logger, 'warn' | 'info'> } = {},
  ) {
    this.outage = new OutageLog(options.log ?? { warn() {}, info() {} }, 'SMTP connection rate limit (Redis)');
    if (options.redis && options.perMinute) {
      this.rate = new RateLimiterRedis({
        storeClient: options.redis,
        keyPrefix: options.keyPrefix ?? 'kontor:smtp:conn',
        points: options.perMinute,
        duration: 60,
      });
    }
  }

  readonly step: PolicyStep<ConnectContext> = {
    name: 'connection-limits',
    run: async ({ remoteAddress }) => {
      const open = this.open.get(remoteAddress) ?? 0;
      if (open >= this.maxPerIp) return tooMany();
      this.open.set(remoteAddress, open + 1);
      if (this.rate) {
        const allowed = await this.rate.consume(remoteAddress).then(
          () => {
            this.outage.recovered();
            return true;
          },
          (refusal: unknown) => {
            if (!(refusal instanceof Error)) return false; // a refusal is a RateLimiterRes
            this.outage.failed(refusal); // Redis trouble must not stop mail
            return true;
          },
        );
        if (!allowed) {
          this.release(remoteAddress);
          return tooMany();
        }
      }
      return undefined;
    },
  };

  /** Open connections from `ip` now (slots held). */
  openFrom(ip: string): number {
    return this.open.get(ip) ?? 0;
  }

  /** Gives back the slot of a connection the step let through. */
  release(ip: string): void {
    const n = (this.open.get(ip) ?? 1) - 1;
    if (n <= 0) this.open.delete(ip);
    else this.open.set(ip, n);
  }
}
