import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from './logger.ts';
import { OutageLog } from './redis-connections.ts';

/**
 * Brute-force protection shared by every sign-in path (panel, IMAP, POP3,
 * submission): failures are counted per IP and per account+IP in Redis, so
 * the limits hold across processes. An account is never locked for everyone
 * (that would let anyone lock out a user); its failures from one IP are.
 *
 * The failure that reaches a limit blocks the key for `blockSeconds`
 * (LOGIN_BLOCK_SECONDS), whatever is left of the counting window.
 *
 * When Redis is unavailable the limiter fails open: a sign-in must not wait
 * for (or be refused because of) Redis. Give it an interactive connection
 * (redis-connections.ts) so a command fails within a second; the outage is
 * logged once.
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
  /** Where "login limiter unavailable" is logged (once per outage). */
  log?: Pick<Logger, 'warn' | 'info'>;
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
  private readonly blockSeconds: number;
  private readonly outage: OutageLog;

  constructor(redis: Redis, options: LoginLimiterOptions = {}) {
    const prefix = options.keyPrefix ?? 'kontor:login';
    const duration = options.windowSeconds ?? 600;
    const blockDuration = options.blockSeconds ?? 900;
    this.blockSeconds = blockDuration;
    this.outage = new OutageLog(options.log ?? { warn() {}, info() {} }, 'login limiter (Redis)');
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

  /** Before checking a password: may this attempt go ahead? (Yes when Redis is unavailable.) */
  async check(ip: string, account: string): Promise<LoginVerdict> {
    let states: Array<RateLimiterRes | null>;
    try {
      states = await Promise.all([this.byIp.get(ip), this.byAccount.get(LoginLimiter.accountKey(account, ip))]);
      this.outage.recovered();
    } catch (error) {
      this.outage.failed(error);
      return { allowed: true, retryAfterMs: 0 };
    }
    const blocked = states.filter((state): state is RateLimiterRes => state !== null && state.remainingPoints <= 0 && state.msBeforeNext > 0);
    if (!blocked.length) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(...blocked.map((s) => s.msBeforeNext)) };
  }

  /**
   * Records a failed attempt. Returns the delay the caller should wait
   * before answering: it grows with each failure (250 ms doubling, at most
   * 5 s) so guessing gets slow long before the block.
   */
  async recordFailure(ip: string, account: string): Promise<{ delayMs: number }> {
    const [, accountResult] = await Promise.all([this.countFailure(this.byIp, ip), this.countFailure(this.byAccount, LoginLimiter.accountKey(account, ip))]);
    // The delay follows this account's failures: a busy shared IP (an office
    // behind NAT) must not slow everyone's typos.
    const failures = accountResult?.consumedPoints ?? 1;
    return { delayMs: Math.min(250 * 2 ** Math.max(0, failures - 1), 5000) };
  }

  /**
   * One failure on one key. rate-limiter-flexible blocks for blockDuration
   * only on the consume *after* the last point; the failure that uses the
   * last point must start the block itself, or `check` would refuse for
   * the rest of the counting window instead.
   */
  private async countFailure(limiter: RateLimiterRedis, key: string): Promise<RateLimiterRes | undefined> {
    try {
      const result = await limiter.consume(key).catch((refusal: unknown) => {
        if (refusal instanceof RateLimiterRes) return refusal;
        throw refusal;
      });
      if (result.consumedPoints === limiter.points) await limiter.block(key, this.blockSeconds);
      this.outage.recovered();
      return result;
    } catch (error) {
      this.outage.failed(error);
      return undefined;
    }
  }

  /** A success clears the account's failures from that IP. */
  async recordSuccess(ip: string, account: string): Promise<void> {
    await this.byAccount.delete(LoginLimiter.accountKey(account, ip)).then(
      () => this.outage.recovered(),
      (error: unknown) => this.outage.failed(error),
    );
  }
}
