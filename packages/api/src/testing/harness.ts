import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@capecontrol/db/testing';
import type { Role, TaskEvent } from '@capecontrol/schema';
import { pino } from 'pino';
import { createOfflineEngine } from '../agent/llm/offline-engine';
import type { LlmClient } from '../agent/llm/types';
import type { AgentDefinition } from '../agent/runtime';
import type { Clock } from '../clock';
import type { TaskConfig } from '../task/config';
import type { ApiConfigOverrides } from '../config';
import {
  createInnerContext,
  type AuthState,
  type Context,
  type Principal,
  type RequestInfo,
  type Services,
} from '../context';
import { authenticateRequest } from '../auth/authenticate';
import { appRouter } from '../root';
import { createServices } from '../services';
import { streamTaskEvents } from '../task/stream';
import type { TaskActor } from '../task/tasks';
import { TaskWorker } from '../task/worker';
import { createCallerFactory } from '../trpc';

/** A clock tests can move. */
export class TestClock implements Clock {
  #now: number;
  constructor(start = Date.now()) {
    this.#now = start;
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

export interface TestHarness {
  database: TestDatabase;
  services: Services;
  clock: TestClock;
  /** Everything the logger wrote, one JSON line per entry. */
  logLines: string[];
  close(): Promise<void>;
}

export interface TestHarnessOptions {
  llm?: LlmClient;
  agents?: AgentDefinition[];
  taskConfig?: Partial<TaskConfig>;
}

/** A fresh database and services for one test file (offline LLM engine unless given one). */
export async function createTestHarness(
  config: ApiConfigOverrides = {},
  options: TestHarnessOptions = {},
): Promise<TestHarness> {
  const database = await createTestDatabase();
  const logLines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(chunk.toString());
        callback();
      },
    }),
  );
  const clock = new TestClock();
  const services = await createServices({
    db: database.db,
    logger,
    clock,
    config,
    llm: options.llm ?? createOfflineEngine(),
    ...(options.agents ? { agents: options.agents } : {}),
    ...(options.taskConfig ? { taskConfig: options.taskConfig } : {}),
  });
  return { database, services, clock, logLines, close: () => database.close() };
}

const createCaller = createCallerFactory(appRouter);

/** A request as a same-origin browser or app would send it, for in-process callers. */
export function testRequest(overrides: Partial<RequestInfo> = {}): RequestInfo {
  return {
    requestId: 'test-request',
    ip: '203.0.113.7',
    userAgent: 'vitest',
    method: 'POST',
    selfOrigin: 'http://localhost:3000',
    origin: null,
    secFetchSite: null,
    contentType: 'application/json',
    authorization: null,
    csrfHeader: null,
    cookies: {},
    ...overrides,
  };
}

/** A tRPC caller over `services` with the given request and auth state. */
export function callerFor(
  services: Services,
  options: { request?: RequestInfo | null; auth?: AuthState; responseHeaders?: Headers } = {},
): { caller: ReturnType<typeof createCaller>; ctx: Context } {
  const ctx = createInnerContext(services, {
    request: options.request === undefined ? testRequest() : options.request,
    auth: options.auth ?? { status: 'anonymous' },
    responseHeaders: options.responseHeaders ?? new Headers(),
  });
  return { caller: createCaller(ctx), ctx };
}

/**
 * Registers `email` through `auth.register` (bearer transport) and returns a caller signed in
 * as that user, as a client holding the access token would be.
 */
export async function signUpCaller(
  harness: TestHarness,
  email: string,
  displayName = email.split('@')[0] ?? 'x',
): Promise<{ caller: ReturnType<typeof createCaller>; ctx: Context; userId: string }> {
  const anonymous = callerFor(harness.services).caller;
  const session = await anonymous.auth.register({
    email,
    password: 'correct horse battery',
    displayName,
    transport: 'bearer',
  });
  const request = testRequest({ authorization: `Bearer ${session.accessToken}` });
  const auth = await authenticateRequest(harness.services, request);
  return { ...callerFor(harness.services, { auth, request }), userId: session.user.id };
}

/** A task worker over the harness's database and runtime, started; stop it with `stop()`. */
export async function startTestWorker(harness: TestHarness): Promise<TaskWorker> {
  const worker = new TaskWorker({
    db: harness.database.db,
    runtime: harness.services.tasks,
    logger: harness.services.logger,
  });
  await worker.start();
  return worker;
}

/** A user inserted directly (no session), as the actor of the tasks a test creates. */
export async function insertTaskActor(harness: TestHarness, email: string): Promise<TaskActor> {
  const user = await harness.database.db
    .insertInto('users')
    .values({ email, display_name: email.split('@')[0] ?? 'x', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId: user.id, apiKeyId: null, origin: null };
}

/**
 * A task's stream after `afterId`, read to its terminal event (the runtime's own stream);
 * `onEvent` sees each event as it arrives (to act mid-run, e.g. cancel).
 */
export async function taskTranscript(
  harness: TestHarness,
  taskId: string,
  options: { afterId?: number; onEvent?: (event: TaskEvent) => void } = {},
): Promise<TaskEvent[]> {
  const events: TaskEvent[] = [];
  for await (const [, event] of streamTaskEvents(
    harness.database.db,
    harness.services.tasks,
    taskId,
    options.afterId ?? 0,
    undefined,
  )) {
    events.push(event);
    options.onEvent?.(event);
  }
  return events;
}

/** One user per role (`<role>@example.com`), inserted directly; returns their ids. */
export async function insertUserPerRole(harness: TestHarness): Promise<Record<Role, string>> {
  const ids: Record<Role, string> = { user: '', publisher: '', admin: '' };
  for (const role of ['user', 'publisher', 'admin'] as const) {
    ids[role] = (
      await harness.database.db
        .insertInto('users')
        .values({ email: `${role}@example.com`, display_name: role, password_hash: 'x', role })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return ids;
}

/** A caller signed in (bearer) as the user `userId` with `role`, as `insertUserPerRole` made it. */
export function callerAsRole(
  services: Services,
  userId: string,
  role: Role,
  requestId = 'req-test',
): ReturnType<typeof createCaller> {
  const principal: Principal = {
    user: {
      id: userId,
      email: `${role}@example.com`,
      displayName: role,
      role,
      createdAt: new Date(),
    },
    via: 'bearer',
    sessionId: '00000000-0000-4000-8000-000000000009',
    apiKeyId: null,
    scopes: [],
    accessTokenExpiresAt: null,
  };
  return callerFor(services, {
    request: testRequest({ authorization: 'Bearer test', requestId }),
    auth: { status: 'authenticated', principal },
  }).caller;
}
