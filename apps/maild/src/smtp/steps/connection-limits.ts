import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import type { PolicyStep } from '../policy.ts';
import { reject } from '../reply.ts';

export interface ConnectContext {
  remoteAddress: string;
}

/**
 * At most `maxPerIp` simultaneous connections from one address in this
 * process, and at most `perMinute` new connections per address across all
 * instances (Redis). Refusals are 421: the client will come back later.
 */
export class ConnectionLimits {
  private readonly open = new Map<string, number>();
  private readonly rate?: RateLimiterRedis;

  constructor(
    private readonly maxPerIp: number,
    options: { redis?: Redis; perMinute?: number; keyPrefix?: string } = {},
  ) {
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
      if ((this.open.get(remoteAddress) ?? 0) >= this.maxPerIp) {
        return reject(421, '4.7.0', 'Too many connections from your address, try again later');
      }
      if (this.rate) {
        const allowed = await this.rate.consume(remoteAddress).then(
          () => true,
          (error: unknown) => (error instanceof Error ? true : false), // Redis trouble must not stop mail
        );
        if (!allowed) return reject(421, '4.7.0', 'Too many connections from your address, try again later');
      }
      return undefined;
    },
  };

  opened(ip: string): void {
    this.open.set(ip, (this.open.get(ip) ?? 0) + 1);
  }

  closed(ip: string): void {
    const n = (this.open.get(ip) ?? 1) - 1;
    if (n <= 0) this.open.delete(ip);
    else this.open.set(ip, n);
  }
}
