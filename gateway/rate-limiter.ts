import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { callerId, type Caller } from '../platform/security/caller.js';
import { ROLES, type Role } from '../platform/security/roles.js';

/** Points per minute for each role, and for unauthenticated callers per IP address. */
export type RateLimits = Record<Role | 'anonymous', number>;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-key budgets weighted by operation cost (per IP without a key). In memory by default;
 * with Redis, every gateway replica draws on the same budget.
 */
export class OperationRateLimiter {
  private readonly limiters: Record<Role | 'anonymous', RateLimiterAbstract>;

  constructor(
    private readonly limits: RateLimits,
    private readonly redis?: Redis,
  ) {
    const make = (name: string, points: number): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            points,
            duration: 60,
            keyPrefix: `mi-rl-${name}`,
            // If Redis is unreachable, each replica keeps limiting on its own instead of failing requests.
            insuranceLimiter: new RateLimiterMemory({ points, duration: 60, keyPrefix: `mi-rl-${name}-local` }),
          })
        : new RateLimiterMemory({ points, duration: 60, keyPrefix: `mi-rl-${name}` });
    this.limiters = Object.fromEntries(
      [...ROLES, 'anonymous'].map((r) => [r, make(r, limits[r as Role | 'anonymous'])]),
    ) as Record<Role | 'anonymous', RateLimiterAbstract>;
  }

  /**
   * With `rediss://`, TLS checked against `caFile` (a private CA) or the system's CAs, and the
   * server's name against the URL's host. A Redis that cannot be reached, or fails the check,
   * is reported through `onError` (once per distinct message), and each replica limits on its
   * own meanwhile (the insurance limiter), so requests are not failed for it.
   */
  static fromUrl(
    limits: RateLimits,
    redisUrl: string | undefined,
    options: { caFile?: string | undefined; onError?: (err: Error) => void } = {},
  ): OperationRateLimiter {
    if (!redisUrl) return new OperationRateLimiter(limits);
    const redis = new Redis(redisUrl, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: false,
      lazyConnect: false,
      ...(redisUrl.startsWith('rediss:') && options.caFile ? { tls: { ca: readFileSync(options.caFile) } } : {}),
    });
    let last = '';
    redis.on('error', (err: Error) => {
      if (err.message === last) return;
      last = err.message;
      options.onError?.(err);
    });
    redis.on('ready', () => (last = ''));
    return new OperationRateLimiter(limits, redis);
  }

  /** Whether the shared store answers (false without one, or while it is unreachable). */
  get shared(): boolean {
    return this.redis?.status === 'ready';
  }

  /** Points per minute this caller may spend: an operation that costs more can never pass. */
  budgetOf(caller: Caller): number {
    return caller.kind === 'anonymous' ? this.limits.anonymous : this.limits[caller.role];
  }

  async consume(caller: Caller, ip: string, cost: number): Promise<RateDecision> {
    const [limiter, key] =
      caller.kind === 'anonymous' ? [this.limiters.anonymous, ip] : [this.limiters[caller.role], callerId(caller)];
    try {
      await limiter.consume(key, Math.max(1, Math.ceil(cost)));
      return { allowed: true };
    } catch (res) {
      if (res instanceof RateLimiterRes)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
      throw res;
    }
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
