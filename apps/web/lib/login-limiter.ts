import 'server-only';
import { loadConfig } from '@kontor/core';
import { LoginLimiter, loginLimiterOptions } from '@kontor/core/login-limiter';
import { Redis } from 'ioredis';

const cache = globalThis as unknown as { kontorLoginLimiter?: LoginLimiter };

/** The panel's share of the brute-force limits IMAP, POP3 and SMTP use (Redis, all processes). */
export function getLoginLimiter(): LoginLimiter {
  if (!cache.kontorLoginLimiter) {
    const config = loadConfig();
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
    redis.on('error', () => {}); // an outage is handled per call (fail open, logged there)
    cache.kontorLoginLimiter = new LoginLimiter(redis, { ...loginLimiterOptions(config), keyPrefix: `${config.REDIS_PREFIX}:login:panel` });
  }
  return cache.kontorLoginLimiter;
}

/** The client's address as the panel sees it (behind a proxy: its X-Forwarded-For). */
export function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  const real = headers?.['x-real-ip'];
  return first || (Array.isArray(real) ? real[0] : real) || 'unknown';
}

/** Thrown from authorize(); its message reaches the sign-in form. */
export class TooManyAttemptsError extends Error {
  constructor(retryAfterMs: number) {
    super(`Too many failed sign-ins. Try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minute(s).`);
  }
}
