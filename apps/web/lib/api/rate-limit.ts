import 'server-only';
import { createInteractiveRedis, OutageLog } from '@kontor/core/redis';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { apiConfig, apiLog } from './runtime.ts';

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * The API's limits, in Redis so they hold across panel processes: calls
 * per key per minute (API_RATE_LIMIT_PER_MINUTE), and failed
 * authentications per client address (a key cannot be guessed, but a
 * client looping on a wrong one should not reach the database every
 * time). When Redis cannot answer the call goes ahead: the limits protect
 * the server, they are not a permission.
 */
export class ApiRateLimits {
  private readonly perKey: RateLimiterRedis | null;
  private readonly failures: RateLimiterRedis;
  private readonly outage: OutageLog;

  constructor(redis: Redis, options: { perMinute: number; keyPrefix: string; failuresPerMinute?: number }) {
    this.outage = new OutageLog(apiLog(), 'API rate limiter (Redis)');
    this.perKey = options.perMinute
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `${options.keyPrefix}:key`, points: options.perMinute, duration: 60 })
      : null;
    this.failures = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${options.keyPrefix}:fail`,
      points: options.failuresPerMinute ?? 30,
      duration: 60,
    });
  }

  /** One call of key `keyId`. */
  async consume(keyId: number): Promise<RateVerdict> {
    if (!this.perKey) return { allowed: true };
    try {
      await this.perKey.consume(String(keyId));
      this.outage.recovered();
      return { allowed: true };
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterMs: refusal.msBeforeNext };
      this.outage.failed(refusal);
      return { allowed: true };
    }
  }

  /** Before authenticating: has this address failed too often lately? */
  async checkFailures(ip: string): Promise<RateVerdict> {
    try {
      const state = await this.failures.get(ip);
      this.outage.recovered();
      if (state && state.remainingPoints <= 0 && state.msBeforeNext > 0) return { allowed: false, retryAfterMs: state.msBeforeNext };
      return { allowed: true };
    } catch (error) {
      this.outage.failed(error);
      return { allowed: true };
    }
  }

  async recordFailure(ip: string): Promise<void> {
    await this.failures.penalty(ip).then(
      () => this.outage.recovered(),
      (error: unknown) => this.outage.failed(error),
    );
  }
}

declare global {
  var kontorApiRateLimits: ApiRateLimits | undefined;
  var kontorApiRedis: Redis | undefined;
}

/** The panel process's interactive Redis connection for the API (limits, send counters). */
export function apiRedis(): Redis {
  if (!globalThis.kontorApiRedis) {
    const redis = createInteractiveRedis(apiConfig().REDIS_URL, apiLog());
    redis.connect().catch(() => undefined);
    globalThis.kontorApiRedis = redis;
  }
  return globalThis.kontorApiRedis;
}

export function apiRateLimits(): ApiRateLimits {
  globalThis.kontorApiRateLimits ??= new ApiRateLimits(apiRedis(), {
    perMinute: apiConfig().API_RATE_LIMIT_PER_MINUTE,
    keyPrefix: `${apiConfig().REDIS_PREFIX}:api`,
  });
  return globalThis.kontorApiRateLimits;
}
