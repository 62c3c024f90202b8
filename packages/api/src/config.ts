/** A fixed-window limit: at most `points` actions per `durationSeconds`. */
export interface RateLimit {
  points: number;
  durationSeconds: number;
}

/** Settings of the API layer; the server builds them from its validated environment. */
export interface ApiConfig {
  /**
   * Origins allowed to send cookie-authenticated requests (the web app's own origin). When
   * empty, the origin of the request's Host header is the only one accepted.
   */
  allowedOrigins: string[];
  /** Secure cookies with the __Host- prefix (serving over https). */
  secureCookies: boolean;
  /** Access-token lifetime; never more than 15 minutes. */
  accessTokenTtlSeconds: number;
  /** Refresh-token (and session idle) lifetime. */
  refreshTokenTtlSeconds: number;
  /** The account with this email is an admin. */
  adminEmail: string | null;
  /** Prefix of every Redis key this instance writes (tests isolate themselves with it). */
  redisKeyPrefix: string;
  /** A secret of at least 32 characters; when null one is generated and kept in the database. */
  authSecret: string | null;
  /** Subscriptions (task and agent streams) one user may hold open in one process. */
  maxSubscriptionsPerUser: number;
  rateLimits: {
    loginPerIp: RateLimit;
    /** Failed logins per account before it is locked for the window. */
    loginFailuresPerAccount: RateLimit;
    registerPerIp: RateLimit;
    /** Tasks one user may start (task.create, task.retry, agent ask and stream). */
    taskCreatePerUser: RateLimit;
    /** Marketplace searches per signed-in user, or per IP for anonymous callers. */
    searchPerCaller: RateLimit;
  };
}

/** Settings to override; rate limits one by one. */
export type ApiConfigOverrides = Partial<Omit<ApiConfig, 'rateLimits'>> & {
  rateLimits?: Partial<ApiConfig['rateLimits']>;
};

export const defaultApiConfig: ApiConfig = {
  allowedOrigins: [],
  secureCookies: false,
  accessTokenTtlSeconds: 15 * 60,
  refreshTokenTtlSeconds: 30 * 24 * 60 * 60,
  adminEmail: null,
  redisKeyPrefix: 'cape',
  authSecret: null,
  maxSubscriptionsPerUser: 20,
  rateLimits: {
    loginPerIp: { points: 30, durationSeconds: 60 },
    loginFailuresPerAccount: { points: 10, durationSeconds: 15 * 60 },
    registerPerIp: { points: 20, durationSeconds: 60 * 60 },
    taskCreatePerUser: { points: 300, durationSeconds: 60 },
    searchPerCaller: { points: 600, durationSeconds: 60 },
  },
};
