import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RateLimit } from '../config';
import { AppError } from '../errors';

/** A fixed-window limiter (`keyPrefix` names it), backed by Redis when the instance has one, else memory. */
export class Limiter {
  readonly #limiter: RateLimiterAbstract;
  readonly #points: number;

  constructor(keyPrefix: string, limit: RateLimit, redis: Redis | null) {
    this.#points = limit.points;
    const options = { keyPrefix, points: limit.points, duration: limit.durationSeconds };
    this.#limiter = redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          // If Redis is down, limit per process rather than not at all.
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  }

  /** Counts one action for `key`; throws TOO_MANY_REQUESTS with Retry-After when over the limit. */
  async consume(key: string, message: string): Promise<void> {
    try {
      await this.#limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooMany(message, error.msBeforeNext);
      throw error;
    }
  }

  /** Throws TOO_MANY_REQUESTS if `key` has used up its window, without counting an action. */
  async assertAvailable(key: string, message: string): Promise<void> {
    const state = await this.#limiter.get(key);
    if (state && state.consumedPoints >= this.#points) throw tooMany(message, state.msBeforeNext);
  }

  /** Counts a failure without throwing (the caller reports the failure itself). */
  async penalise(key: string): Promise<void> {
    await this.#limiter.penalty(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.#limiter.delete(key);
  }
}

function tooMany(message: string, msBeforeNext: number): AppError {
  return new AppError('TOO_MANY_REQUESTS', message, {
    retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
  });
}
