import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Brute-force protection shared by every sign-in path (panel, IMAP, POP3,
 * submission): failures are counted per IP and per account+IP in Redis, so
 * the limits hold across processes. An account is never locked for everyone
 * (that would let anyone lock out a user); its failures from one IP are.
 */
export interface LoginLimiterOptions {
  /** Failures from one IP, any accounts, before it is blocked. */
  maxFailuresPerIp?: number;
  /** Failures for one account from one IP before that pair is blocked. */
  maxFailuresPerAccount?: number;
  /** Counting window and block duration, seconds. */
  windowSeconds?: number;
  blockSeconds?: number;
  keyPrefix?: string;
}

export interface LoginVerdict {
  allowed: boolean;
  /** When blocked: how long until a new attempt is accepted. */
  retryAfterMs: number;
}

/** The limiter's settings from configuration. */
export function loginLimiterOptions(config: {
  LOGIN_MAX_FAILURES_PER_ACCOUNT: number;
  LOGIN_MAX_FAILURES_PER_IP: number;
  LOGIN_BLOCK_SECONDS: number;
}): LoginLimiterOptions {
  return {
    maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    blockSeconds: config.LOGIN_BLOCK_SECONDS,
  };
}

export class LoginLimiter {
  private readonly byIp: RateLimiterRedis;
  private readonly byAccount: RateLimiterRedis;

  constructor(redis: Redis, options: LoginLimiterOptions = {}) {
    const prefix = options.keyPrefix ?? 'kontor:login';
    const duration = options.windowSeconds ?? 600;
    const blockDuration = options.blockSeconds ?? 900;
    this.byIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:ip`,
      points: options.maxFailuresPerIp ?? 30,
      duration,
      blockDuration,
    });
    this.byAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:acct`,
      points: options.maxFailuresPerAccount ?? 10,
      duration,
      blockDuration,
    });
  }

  private static accountKey(account: string, ip: string): string {
    return `${account.trim().toLowerCase()}|${ip}`;
  }

  /** Before checking a password: may this attempt go ahead? */
  async check(ip: string, account: string): Promise<LoginVerdict> {
    const [ipState, accountState] = await Promise.all([this.byIp.get(ip), this.byAccount.get(LoginLimiter.accountKey(account, ip))]);
    const blocked = [ipState, accountState].filter((state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0 && state.msBeforeNext > 0);
    if (!blocked.length) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(...blocked.map((s) => s.msBeforeNext)) };
  }

  /**
   * Records a failed attempt. Returns the delay the caller should wait
   * before answering: it grows with each failure (250 ms doubling, at most
   * 5 s) so guessing gets slow long before the block.
   */
  async recordFailure(ip: string, account: string): Promise<{ delayMs: number }> {
    const [, accountResult] = await Promise.all([
      this.byIp.consume(ip).catch((res: unknown) => res),
      this.byAccount.consume(LoginLimiter.accountKey(account, ip)).catch((res: unknown) => res),
    ]);
    // The delay follows this account's failures: a busy shared IP (an office
    // behind NAT) must not slow everyone's typos.
    const failures = accountResult instanceof RateLimiterRes ? accountResult.consumedPoints : 1;
    return { delayMs: Math.min(250 * 2 ** Math.max(0, failures - 1), 5000) };
  }

  /** A success clears the account's failures from that IP. */
  async recordSuccess(ip: string, account: string): Promise<void> {
    await this.byAccount.delete(LoginLimiter.accountKey(account, ip));
  }
}
