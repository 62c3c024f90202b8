import type { Redis } from 'ioredis';
import type { ApiConfig } from '../config';
import { Limiter } from './rate-limit';

export interface AuthLimiters {
  loginPerIp: Limiter;
  loginFailuresPerAccount: Limiter;
  registerPerIp: Limiter;
  taskCreatePerUser: Limiter;
  searchPerCaller: Limiter;
}

export function createAuthLimiters(config: ApiConfig, redis: Redis | null): AuthLimiters {
  const prefix = config.redisKeyPrefix;
  return {
    loginPerIp: new Limiter(`${prefix}:rl:login-ip`, config.rateLimits.loginPerIp, redis),
    loginFailuresPerAccount: new Limiter(
      `${prefix}:rl:login-account`,
      config.rateLimits.loginFailuresPerAccount,
      redis,
    ),
    registerPerIp: new Limiter(`${prefix}:rl:register-ip`, config.rateLimits.registerPerIp, redis),
    taskCreatePerUser: new Limiter(
      `${prefix}:rl:task-create`,
      config.rateLimits.taskCreatePerUser,
      redis,
    ),
    searchPerCaller: new Limiter(`${prefix}:rl:search`, config.rateLimits.searchPerCaller, redis),
  };
}
