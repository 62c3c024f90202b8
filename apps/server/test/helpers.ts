import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiConfig, ApiConfigOverrides } from '@capecontrol/api';
import { createTestDatabase, testEnv, type TestDatabase } from '@capecontrol/db/testing';
import { createApp, parseEnv, type App, type AppOptions } from '../src/index';

export interface TestServer {
  url: string;
  app: App;
  database: TestDatabase;
  close(): Promise<void>;
}

let webDist: string | undefined;

/** A directory holding a stand-in built SPA, for static-serving tests (one per test file, removed at exit). */
export function fakeWebDist(): string {
  if (webDist) return webDist;
  const dir = mkdtempSync(join(tmpdir(), 'cape-web-'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>CapeControl</title><div id="root"></div>',
  );
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  webDist = dir;
  return dir;
}

const generousLimits: ApiConfig['rateLimits'] = {
  loginPerIp: { points: 10_000, durationSeconds: 60 },
  loginFailuresPerAccount: { points: 10_000, durationSeconds: 60 },
  registerPerIp: { points: 10_000, durationSeconds: 60 },
  taskCreatePerUser: { points: 10_000, durationSeconds: 60 },
  searchPerCaller: { points: 10_000, durationSeconds: 60 },
};

/**
 * The real server on a random port over a fresh test database (Postgres or PGlite), with Redis
 * when REDIS_URL is set. Rate limits are generous unless a test asks otherwise.
 */
export async function startTestServer(
  options: Pick<AppOptions, 'agents' | 'taskConfig' | 'llm' | 'role'> & {
    apiConfig?: ApiConfigOverrides;
    env?: Record<string, string>;
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase();
  const parsed = parseEnv({
    LOG_LEVEL: 'silent',
    WEB_DIST_DIR: fakeWebDist(),
    ...(testEnv.REDIS_URL ? { REDIS_URL: testEnv.REDIS_URL } : {}),
    // On Postgres, workers wake through LISTEN/NOTIFY on the test's own database.
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...options.env,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const app = await createApp({
    env: parsed.env,
    database,
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.taskConfig ? { taskConfig: options.taskConfig } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.role ? { role: options.role } : {}),
    apiConfig: {
      redisKeyPrefix: `cape-test-${randomUUID()}`,
      ...options.apiConfig,
      rateLimits: { ...generousLimits, ...options.apiConfig?.rateLimits },
    },
  });
  const url = await app.listen(0, '127.0.0.1');
  return {
    url,
    app,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export interface TrpcResponse {
  status: number;
  headers: Headers;
  body: {
    result?: { data: unknown };
    error?: {
      message: string;
      code: number;
      data: {
        code: string;
        httpStatus: number;
        fieldErrors: unknown;
        retryAfterSeconds: number | null;
      };
    };
  };
}

/** One raw tRPC call over HTTP (non-batched), for tests that control every header. */
export async function trpc(
  url: string,
  path: string,
  options: {
    type?: 'query' | 'mutation';
    input?: unknown;
    headers?: Record<string, string>;
    rawBody?: string;
  } = {},
): Promise<TrpcResponse> {
  const type = options.type ?? 'mutation';
  const headers: Record<string, string> = { ...options.headers };
  let response: Response;
  if (type === 'query') {
    const query =
      options.input === undefined
        ? ''
        : `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
    response = await fetch(`${url}/trpc/${path}${query}`, { headers });
  } else {
    headers['content-type'] ??= 'application/json';
    response = await fetch(`${url}/trpc/${path}`, {
      method: 'POST',
      headers,
      body:
        options.rawBody ??
        (options.input === undefined ? undefined : JSON.stringify(options.input)),
    });
  }
  const text = await response.text();
  let body: TrpcResponse['body'];
  try {
    body = JSON.parse(text) as TrpcResponse['body'];
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body };
}

/** Cookie jar entries from Set-Cookie headers, as a Cookie request header. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((cookie) => cookie.split(';')[0] as string)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

export function cookieValue(setCookies: string[], name: string): string | undefined {
  const found = setCookies.find((cookie) => cookie.startsWith(`${name}=`));
  return found?.split(';')[0]?.slice(name.length + 1);
}

export const PASSWORD = 'correct horse battery staple';

let counter = 0;
export function uniqueEmail(label = 'user'): string {
  counter += 1;
  return `${label}-${counter}-${randomUUID().slice(0, 8)}@example.com`;
}

/** Registers through HTTP as the web app does; returns its cookies and CSRF token. */
export async function registerWithCookies(url: string, email = uniqueEmail()) {
  const response = await trpc(url, 'auth.register', {
    input: { email, password: PASSWORD, displayName: 'Browser User' },
    headers: { origin: url, 'sec-fetch-site': 'same-origin' },
  });
  if (response.status !== 200) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  const setCookies = response.headers.getSetCookie();
  const data = response.body.result?.data as { user: { id: string }; csrfToken: string };
  return {
    email,
    userId: data.user.id,
    cookies: cookieHeader(setCookies),
    csrfToken: data.csrfToken,
    setCookies,
  };
}

/** Registers through HTTP as an app does; returns bearer tokens. */
export async function registerWithBearer(url: string, email = uniqueEmail()) {
  const response = await trpc(url, 'auth.register', {
    input: { email, password: PASSWORD, displayName: 'App User', transport: 'bearer' },
  });
  if (response.status !== 200) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  const data = response.body.result?.data as {
    user: { id: string };
    accessToken: string;
    refreshToken: string;
  };
  return {
    email,
    userId: data.user.id,
    accessToken: data.accessToken,
    refreshToken: data.refreshToken,
  };
}
