import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createInProcessBus,
  createInProcessNotifier,
  createLlmClient,
  createPostgresNotifier,
  createRedisBus,
  createServices,
  startAuditSealer,
  startTrendingRefresher,
  TaskWorker,
  type AgentDefinition,
  type ApiConfigOverrides,
  type LlmClient,
  type Services,
  type TaskConfig,
} from '@capecontrol/api';
import { createDatabase, type Database } from '@capecontrol/db';
import type { AnyTRPCRouter } from '@trpc/server';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env, ServerRole } from './env';
import { requestIdOf } from './http/request-meta';
import { sendJson, setSecurityHeaders } from './http/responses';
import { createStaticHandler } from './http/static-files';
import { createTrpcBridge } from './http/trpc-bridge';
import { attachWebSocket } from './http/websocket';
import { createLogger } from './logger';
import { createServerMetrics } from './metrics';
import { serveMetrics } from './http/metrics-endpoint';

export interface AppOptions {
  env: Env;
  role?: ServerRole;
  logger?: Logger;
  /** An already-open database (tests); otherwise opened from the environment and closed with the app. */
  database?: Database;
  /** Overrides of API settings (tests use small rate limits). */
  apiConfig?: ApiConfigOverrides;
  /** Overrides of task settings (tests use short leases). */
  taskConfig?: Partial<TaskConfig>;
  /** A model client instead of the one the environment configures (tests). */
  llm?: LlmClient;
  /** Extra agents (tests, benchmarks). */
  agents?: AgentDefinition[];
  /** The router /trpc serves, when not the app's own (benchmarks add a trivial procedure). */
  router?: AnyTRPCRouter;
}

export interface App {
  readonly server: Server;
  readonly services: Services;
  readonly database: Database;
  readonly worker: TaskWorker | null;
  /** Starts listening; resolves with the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new connections, end streams, finish in-flight requests, close pools. */
  close(): Promise<void>;
}

/** The built SPA, beside this package in the monorepo (apps/web/dist) unless configured. */
function defaultWebDistDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Both src/app.ts (dev, tests) and dist/main.js (built) sit one level below apps/server.
  return resolve(here, '..', '..', 'web', 'dist');
}

export async function createApp(options: AppOptions): Promise<App> {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const ownsDatabase = !options.database;
  const database =
    options.database ??
    (await createDatabase(
      env.DATABASE_URL
        ? {
            kind: 'postgres',
            url: env.DATABASE_URL,
            poolSize: env.DATABASE_POOL_SIZE,
            onPoolError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
          }
        : { kind: 'pglite', dataDir: join(resolve(env.DATA_DIR), 'pglite') },
    ));
  const applied = await database.migrate();
  if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');

  const redis = env.REDIS_URL
    ? new Redis(env.REDIS_URL, {
        lazyConnect: true,
        maxRetriesPerRequest: 2,
        enableOfflineQueue: false,
      })
    : null;
  if (redis) {
    redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    // Start with Redis ready when it is reachable; when it is not, run degraded (per-process
    // rate limits) while ioredis keeps reconnecting in the background.
    await redis
      .connect()
      .catch((error: unknown) =>
        logger.warn({ err: error }, 'redis unreachable at start-up; continuing without it'),
      );
  }

  const role = options.role ?? 'all';
  const metrics = createServerMetrics(logger);
  const publicOrigin = env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : null;
  const redisKeyPrefix = options.apiConfig?.redisKeyPrefix ?? env.REDIS_KEY_PREFIX;
  const llm = metrics.instrumentLlm(
    options.llm ??
      createLlmClient(
        {
          apiKey: env.OPENAI_API_KEY ?? null,
          baseURL: env.OPENAI_BASE_URL ?? null,
          model: env.OPENAI_MODEL,
          requestTimeoutMs: env.LLM_REQUEST_TIMEOUT_MS,
          streamIdleTimeoutMs: env.LLM_STREAM_IDLE_TIMEOUT_MS,
          maxRetries: env.LLM_MAX_RETRIES,
        },
        { logger },
      ),
  );
  // Separate API and worker processes need Redis to pass events; without it, streams in this
  // process poll the database (every event is stored there), and say so at start-up.
  const splitWithoutRedis = !redis && role !== 'all';
  if (splitWithoutRedis) {
    logger.warn(
      { role },
      'no REDIS_URL: streams poll the database for events from other processes',
    );
  }
  const bus = metrics.instrumentBus(
    redis
      ? await createRedisBus(redis, { prefix: redisKeyPrefix, logger })
      : createInProcessBus({ crossProcess: !splitWithoutRedis }),
  );
  const databaseUrl = database.backend === 'postgres' ? (env.DATABASE_URL ?? null) : null;
  const notifier = databaseUrl
    ? createPostgresNotifier(databaseUrl, database.db, logger)
    : createInProcessNotifier();
  const services = await createServices({
    db: database.db,
    logger,
    redis,
    llm,
    bus,
    notifier,
    observer: metrics.observer,
    ...(options.agents ? { agents: options.agents } : {}),
    taskConfig: {
      concurrency: env.WORKER_CONCURRENCY,
      leaseMs: env.TASK_LEASE_MS,
      defaultTimeoutMs: env.TASK_TIMEOUT_MS,
      maxAttempts: env.TASK_MAX_ATTEMPTS,
      maxTokensPerTask: env.TASK_MAX_TOKENS ?? null,
      maxStepsPerTask: env.TASK_MAX_STEPS ?? null,
      ...options.taskConfig,
    },
    config: {
      allowedOrigins: publicOrigin ? [publicOrigin] : [],
      secureCookies: publicOrigin?.startsWith('https:') ?? false,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_DAYS * 24 * 60 * 60,
      adminEmail: env.ADMIN_EMAIL ?? null,
      authSecret: env.AUTH_SECRET ?? null,
      redisKeyPrefix,
      maxSubscriptionsPerUser: env.MAX_SUBSCRIPTIONS_PER_USER,
      ...options.apiConfig,
      rateLimits: {
        taskCreatePerUser: { points: env.RATE_LIMIT_TASKS_PER_MINUTE, durationSeconds: 60 },
        searchPerCaller: { points: env.RATE_LIMIT_SEARCHES_PER_MINUTE, durationSeconds: 60 },
        ...options.apiConfig?.rateLimits,
      },
    },
  });
  metrics.bind({ db: database.db, subscriptions: services.subscriptions });
  const worker =
    role === 'api' ? null : new TaskWorker({ db: database.db, runtime: services.tasks, logger });
  await worker?.start();
  // Chains new audit rows after they commit, so the hot insert paths never wait for it.
  const auditSealer =
    env.AUDIT_SEAL_INTERVAL_MS > 0
      ? startAuditSealer({ db: database.db, logger, intervalMs: env.AUDIT_SEAL_INTERVAL_MS })
      : null;
  // Stores trending scores for the search's trending sort (one process at a time refreshes).
  const trendingRefresher =
    env.TRENDING_REFRESH_INTERVAL_MS > 0
      ? startTrendingRefresher({
          db: database.db,
          logger,
          intervalMs: env.TRENDING_REFRESH_INTERVAL_MS,
        })
      : null;

  const openStreams = new Set<AbortController>();
  const handleTrpc = createTrpcBridge({
    services,
    maxBodyBytes: env.MAX_BODY_BYTES,
    trustProxy: env.TRUST_PROXY,
    openStreams,
    ...(options.router ? { router: options.router } : {}),
  });
  const serveStatic = createStaticHandler(
    env.WEB_DIST_DIR ? resolve(env.WEB_DIST_DIR) : defaultWebDistDir(),
  );
  let draining = false;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.setHeader('x-request-id', requestId);
    setSecurityHeaders(res);
    res.once('finish', () => {
      logger.info(
        {
          reqId: requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'request',
      );
    });
    if (draining) res.setHeader('connection', 'close');

    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      if (draining) return sendJson(res, 503, { status: 'draining' });
      const ready = await database.checkReady();
      return sendJson(
        res,
        ready.ok ? 200 : 503,
        ready.ok ? { status: 'ready' } : { status: 'not_ready', reason: ready.reason },
      );
    }
    if (path === '/metrics') return serveMetrics(req, res, metrics.registry, env.METRICS_TOKEN);
    if (role === 'worker')
      return sendJson(res, 404, { error: 'This process runs tasks only (--role worker).' });
    if (path === '/trpc' || path.startsWith('/trpc/')) return handleTrpc(req, res, requestId);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'Method not allowed' });
    serveStatic(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'unhandled request error');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const websocket =
    role === 'worker'
      ? null
      : attachWebSocket(server, {
          services,
          trustProxy: env.TRUST_PROXY,
          allowedOrigins: publicOrigin ? [publicOrigin] : [],
        });

  let closing: Promise<void> | undefined;
  return {
    server,
    services,
    database,
    worker,
    listen(port = env.PORT, host = env.HOST) {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolveListen(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      closing ??= (async () => {
        draining = true;
        // Refuse new connections at once; end streams (clients resume elsewhere from their last
        // event); then let in-flight requests and running tasks finish together, within one
        // SHUTDOWN_TIMEOUT_MS. Tasks still running then go back to the queue.
        const stopped = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        for (const stream of openStreams) stream.abort();
        await websocket?.close();
        server.closeIdleConnections();
        const drained = worker?.stop(env.SHUTDOWN_TIMEOUT_MS) ?? Promise.resolve();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolveTimeout) => {
          timer = setTimeout(() => resolveTimeout('timeout'), env.SHUTDOWN_TIMEOUT_MS);
        });
        if ((await Promise.race([stopped, timedOut])) === 'timeout') {
          logger.warn('shutdown timeout: closing remaining connections');
          server.closeAllConnections();
          await stopped;
        }
        clearTimeout(timer);
        await drained;
        await auditSealer?.stop();
        await trendingRefresher?.stop();
        await services.tasks.bus.close();
        await services.tasks.notifier.close();
        if (redis) await redis.quit().catch(() => redis.disconnect());
        if (ownsDatabase) await database.close();
      })();
      return closing;
    },
  };
}
