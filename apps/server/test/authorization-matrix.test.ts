import { randomUUID } from 'node:crypto';
import { appRouter } from '@capecontrol/api';
import { stepsAgent } from '@capecontrol/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestServer, trpc, uniqueEmail, type TestServer } from './helpers';

/**
 * Generated over every procedure of the router: each is called as anonymous, as the owner of
 * the objects its input names, as another user, as a publisher and as an admin, and the outcome
 * must be the one declared below. "allow" means the call got past authorization (it may still
 * fail for another reason, such as a CONFLICT); a denial must be exactly UNAUTHORIZED, FORBIDDEN
 * or NOT_FOUND (other people's objects are not revealed). A new procedure without an entry fails
 * the first test.
 *
 * The owner is a publisher who owns everything the inputs point at: a finished task, a failed
 * task, API keys, a published agent, its installation and a review. "other" is a plain user,
 * "publisher" another publisher, "admin" comes from ADMIN_EMAIL.
 */

const roles = ['anonymous', 'owner', 'other', 'publisher', 'admin'] as const;
type Role = (typeof roles)[number];
type Outcome = 'allow' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
type Expectation = Record<Role, Outcome>;

/** Anyone, signed in or not. */
const PUBLIC: Expectation = {
  anonymous: 'allow',
  owner: 'allow',
  other: 'allow',
  publisher: 'allow',
  admin: 'allow',
};
/** Any signed-in caller; it only ever sees its own things. */
const SIGNED_IN: Expectation = { ...PUBLIC, anonymous: 'UNAUTHORIZED' };
/** The owner's object: everyone else is told it does not exist, admins included. */
const OWNER_ONLY: Expectation = {
  anonymous: 'UNAUTHORIZED',
  owner: 'allow',
  other: 'NOT_FOUND',
  publisher: 'NOT_FOUND',
  admin: 'NOT_FOUND',
};
/** Publishers (and admins); plain users are refused. */
const PUBLISHERS: Expectation = { ...SIGNED_IN, other: 'FORBIDDEN' };
/** The owning publisher, or an admin. */
const OWNING_PUBLISHER: Expectation = {
  anonymous: 'UNAUTHORIZED',
  owner: 'allow',
  other: 'FORBIDDEN',
  publisher: 'FORBIDDEN',
  admin: 'allow',
};
const ADMINS: Expectation = {
  anonymous: 'UNAUTHORIZED',
  owner: 'FORBIDDEN',
  other: 'FORBIDDEN',
  publisher: 'FORBIDDEN',
  admin: 'allow',
};

interface Fixtures {
  ownerEmail: string;
  emails: Record<Exclude<Role, 'anonymous'>, string>;
  agentName: string;
  taskId: string;
  failedTaskId: string;
  tokens: Record<Exclude<Role, 'anonymous'>, string>;
}

interface Entry {
  expect: Expectation;
  /** The input for a call as `role` (may create a fresh object, so every cell starts alike). */
  input?: (fx: Fixtures, role: Role) => unknown;
  /** Call with a session of its own (the call ends or rotates the session it runs in). */
  freshSession?: boolean;
}

const manifest = (name: string, version: string) => ({
  name,
  version,
  displayName: 'Matrix agent',
  description: 'Summarises meeting notes into decisions and action items.',
  category: 'productivity',
  tags: ['matrix'],
  license: 'MIT',
  engines: { capecontrol: '>=0.1.0' },
  kind: 'prompt',
  prompt: { system: 'You turn meeting notes into decisions and action items with owners.' },
  readme: '# Matrix agent\n',
});

let server: TestServer;
let fx: Fixtures;

const matrix: Record<string, Entry> = {
  'auth.register': {
    expect: PUBLIC,
    input: () => ({ email: uniqueEmail('matrix'), password: PASSWORD, displayName: 'New' }),
  },
  'auth.login': {
    expect: PUBLIC,
    input: (f) => ({ email: f.ownerEmail, password: PASSWORD, transport: 'bearer' }),
  },
  // The refresh token is the credential, whoever presents it.
  'auth.refresh': { expect: PUBLIC, input: () => ({ refreshToken: freshRefreshToken }) },
  'auth.logout': { expect: PUBLIC, input: () => ({}), freshSession: true },
  'auth.me': { expect: SIGNED_IN },
  'auth.apiKeys.create': { expect: SIGNED_IN, input: () => ({ name: 'k', scopes: ['read'] }) },
  'auth.apiKeys.list': { expect: SIGNED_IN },
  'auth.apiKeys.revoke': { expect: OWNER_ONLY, input: () => ({ id: freshApiKeyId }) },
  'agent.list': { expect: SIGNED_IN },
  'agent.guide.ask': { expect: SIGNED_IN, input: () => ({ question: 'How do I publish?' }) },
  'agent.guide.stream': {
    expect: SIGNED_IN,
    input: () => ({ taskId: randomUUID(), input: { question: 'How do I publish?' } }),
  },
  'agent.guide.health': { expect: SIGNED_IN },
  'agent.domainSpecialist.ask': {
    expect: SIGNED_IN,
    input: () => ({ question: 'How should we retry webhooks?' }),
  },
  'agent.domainSpecialist.stream': {
    expect: SIGNED_IN,
    input: () => ({ taskId: randomUUID(), input: { question: 'How should we retry webhooks?' } }),
  },
  'agent.domainSpecialist.health': { expect: SIGNED_IN },
  'agent.domainSpecialist.capabilities': { expect: SIGNED_IN },
  'agent.knowledge.list': { expect: ADMINS },
  'agent.knowledge.get': { expect: ADMINS, input: () => ({ slug: 'getting-started' }) },
  'agent.knowledge.upsert': {
    expect: ADMINS,
    input: () => ({ slug: 'matrix-doc', title: 'Matrix', body: '# Matrix\n\nA test document.' }),
  },
  'agent.knowledge.delete': { expect: ADMINS, input: () => ({ slug: 'matrix-doc' }) },
  'agent.knowledge.restore': { expect: ADMINS, input: () => ({ slug: 'getting-started' }) },
  'task.create': {
    expect: SIGNED_IN,
    input: () => ({ agent: 'test-steps', input: { steps: 1, tokens: 1 } }),
  },
  'task.get': { expect: OWNER_ONLY, input: (f) => ({ id: f.taskId }) },
  'task.list': { expect: SIGNED_IN, input: () => ({ limit: 5 }) },
  'task.cancel': { expect: OWNER_ONLY, input: (f) => ({ id: f.taskId }) },
  'task.retry': { expect: OWNER_ONLY, input: (f) => ({ id: f.taskId }) },
  'task.stream': { expect: OWNER_ONLY, input: (f) => ({ id: f.taskId }) },
  'marketplace.search': { expect: PUBLIC, input: () => ({ query: 'matrix' }) },
  'marketplace.categories': { expect: PUBLIC },
  'marketplace.trending': { expect: PUBLIC, input: () => ({}) },
  'marketplace.analytics': { expect: SIGNED_IN, input: () => ({}) },
  'marketplace.agentAnalytics': { expect: OWNING_PUBLISHER, input: (f) => ({ name: f.agentName }) },
  'marketplace.agents.list': { expect: PUBLIC, input: () => ({}) },
  'marketplace.agents.get': { expect: PUBLIC, input: (f) => ({ name: f.agentName }) },
  'marketplace.agents.publish': {
    expect: PUBLISHERS,
    input: (_f, role) => ({
      manifest: manifest(`mx-${role}-${randomUUID().slice(0, 6)}/agent`, '1.0.0'),
    }),
  },
  'marketplace.agents.validate': {
    expect: SIGNED_IN,
    input: (f) => ({ manifest: manifest(f.agentName, '9.0.0') }),
  },
  'marketplace.agents.installPlan': { expect: SIGNED_IN, input: (f) => ({ name: f.agentName }) },
  'marketplace.agents.install': { expect: SIGNED_IN, input: (f) => ({ name: f.agentName }) },
  // Installations are per user: each caller updates and uninstalls its own (made by the install
  // cell above), never another's. Without one, the answer is NOT_FOUND (checked below).
  'marketplace.agents.update': { expect: SIGNED_IN, input: (f) => ({ name: f.agentName }) },
  'marketplace.agents.uninstall': { expect: SIGNED_IN, input: (f) => ({ name: f.agentName }) },
  'marketplace.agents.deprecate': {
    expect: OWNING_PUBLISHER,
    input: (f) => ({ name: f.agentName, version: '1.0.0', message: '' }),
  },
  'marketplace.agents.yank': {
    expect: OWNING_PUBLISHER,
    input: (f) => ({ name: f.agentName, version: '1.0.0', reason: 'matrix', undo: true }),
  },
  'marketplace.installations.list': { expect: SIGNED_IN },
  'marketplace.reviews.list': { expect: PUBLIC, input: (f) => ({ agent: f.agentName }) },
  'marketplace.reviews.upsert': {
    expect: { ...OWNER_ONLY, other: 'FORBIDDEN', publisher: 'FORBIDDEN', admin: 'FORBIDDEN' },
    input: (f) => ({ agent: f.agentName, rating: 5, body: 'Works well.' }),
  },
  'marketplace.reviews.delete': { expect: OWNER_ONLY, input: (f) => ({ agent: f.agentName }) },
  'marketplace.advisories.create': {
    expect: ADMINS,
    input: (f) => ({ name: f.agentName, range: '<0.0.1', severity: 'low', summary: 'Matrix.' }),
  },
  'marketplace.publishers.register': { expect: SIGNED_IN },
  'admin.audit.verify': { expect: ADMINS },
  'admin.queue.health': { expect: ADMINS },
  'admin.tasks.failures': { expect: ADMINS, input: () => ({}) },
  'admin.tasks.redrive': { expect: ADMINS, input: (f) => ({ id: f.failedTaskId }) },
};

// Fresh objects for cells whose call consumes them (set just before each such cell).
let freshRefreshToken = '';
let freshApiKeyId = '';

interface ProcedureInfo {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
}

const procedures: ProcedureInfo[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureInfo['type'] } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

async function login(email: string): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await trpc(server.url, 'auth.login', {
    input: { email, password: PASSWORD, transport: 'bearer' },
  });
  if (response.status !== 200) throw new Error(`login failed: ${JSON.stringify(response.body)}`);
  return response.body.result?.data as { accessToken: string; refreshToken: string };
}

async function register(email: string): Promise<string> {
  const response = await trpc(server.url, 'auth.register', {
    input: { email, password: PASSWORD, displayName: 'Matrix', transport: 'bearer' },
  });
  if (response.status !== 200) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return (response.body.result?.data as { accessToken: string }).accessToken;
}

async function call(
  path: string,
  token: string | null,
  input: unknown,
  type: 'query' | 'mutation',
) {
  const response = await trpc(server.url, path, {
    type,
    input,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  if (response.status >= 500) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
  return response.body.error?.data.code ?? null;
}

/** A subscription over SSE: the first event says whether it was accepted. */
async function subscribe(path: string, token: string | null, input: unknown) {
  const controller = new AbortController();
  const response = await fetch(
    `${server.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
    {
      headers: {
        accept: 'text/event-stream',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      signal: controller.signal,
    },
  );
  try {
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
      const body = (await response.json()) as { error?: { data: { code: string } } };
      return body.error?.data.code ?? null;
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
      const error = /event: serialized-error\ndata: (.*)\n/.exec(text);
      if (error?.[1]) return (JSON.parse(error[1]) as { data: { code: string } }).data.code;
      // Any data event (the stream's own events) means it was accepted.
      if (/\ndata: |^data: /.test(text.replace(/event: connected\ndata: .*\n/, ''))) return null;
    }
    return null;
  } finally {
    controller.abort();
  }
}

function classify(code: string | null): Outcome | `allow (${string})` {
  if (code === null) return 'allow';
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN' || code === 'NOT_FOUND') return code;
  return `allow (${code})`;
}

async function waitForTask(id: string, token: string): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const response = await trpc(server.url, 'task.get', {
      type: 'query',
      input: { id },
      headers: { authorization: `Bearer ${token}` },
    });
    const task = response.body.result?.data as { status: string } | undefined;
    if (task && !['queued', 'running'].includes(task.status)) return task.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`task ${id} did not finish`);
}

beforeAll(async () => {
  const adminEmail = uniqueEmail('matrix-admin');
  server = await startTestServer({ agents: [stepsAgent], env: { ADMIN_EMAIL: adminEmail } });
  const ownerEmail = uniqueEmail('matrix-owner');
  const emails = {
    owner: ownerEmail,
    other: uniqueEmail('matrix-other'),
    publisher: uniqueEmail('matrix-publisher'),
    admin: adminEmail,
  };
  const tokens = {
    owner: await register(emails.owner),
    other: await register(emails.other),
    publisher: await register(emails.publisher),
    admin: await register(emails.admin),
  };
  const as = (
    role: keyof typeof tokens,
    path: string,
    input?: unknown,
    type: 'query' | 'mutation' = 'mutation',
  ) =>
    trpc(server.url, path, { type, input, headers: { authorization: `Bearer ${tokens[role]}` } });
  for (const role of ['owner', 'publisher'] as const)
    await as(role, 'marketplace.publishers.register');

  const agentName = `mx-owner-${randomUUID().slice(0, 6)}/agent`;
  const published = await as('owner', 'marketplace.agents.publish', {
    manifest: manifest(agentName, '1.0.0'),
  });
  expect(
    (published.body.result?.data as { status: string }).status,
    JSON.stringify(published.body),
  ).toBe('published');
  await as('owner', 'marketplace.agents.install', { name: agentName });

  const ran = await as('owner', 'task.create', {
    agent: agentName,
    input: { input: 'Notes: ship it.' },
  });
  const ranId = (ran.body.result?.data as { id: string }).id;
  expect(await waitForTask(ranId, tokens.owner)).toBe('succeeded');
  await as('owner', 'marketplace.reviews.upsert', { agent: agentName, rating: 4, body: 'Good.' });

  const created = await as('owner', 'task.create', {
    agent: 'test-steps',
    input: { steps: 1, tokens: 1 },
  });
  const taskId = (created.body.result?.data as { id: string }).id;
  expect(await waitForTask(taskId, tokens.owner)).toBe('succeeded');
  const failing = await as('owner', 'task.create', {
    agent: 'test-steps',
    input: { steps: 1, tokens: 1, failAtStep: 1 },
  });
  const failedTaskId = (failing.body.result?.data as { id: string }).id;
  expect(await waitForTask(failedTaskId, tokens.owner)).toBe('failed');

  fx = { ownerEmail, emails, agentName, taskId, failedTaskId, tokens };
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('authorization matrix over every procedure', () => {
  it('declares every procedure, and only procedures that exist', () => {
    const paths = procedures.map((procedure) => procedure.path);
    expect(
      paths.filter((path) => !(path in matrix)),
      'procedures without an entry',
    ).toEqual([]);
    expect(
      Object.keys(matrix).filter((path) => !paths.includes(path)),
      'stale entries',
    ).toEqual([]);
  });

  for (const procedure of procedures) {
    const entry = matrix[procedure.path];
    if (!entry) continue;
    it(`${procedure.path}: ${roles.map((role) => `${role} ${entry.expect[role]}`).join(', ')}`, async () => {
      const actual = {} as Record<Role, string>;
      // Owner last: its allowed calls may change the objects the others' calls name.
      for (const role of ['anonymous', 'other', 'publisher', 'admin', 'owner'] as const) {
        if (procedure.path === 'auth.refresh')
          freshRefreshToken = (await login(fx.ownerEmail)).refreshToken;
        if (procedure.path === 'auth.apiKeys.revoke') {
          const key = await trpc(server.url, 'auth.apiKeys.create', {
            input: { name: 'revoke-me', scopes: ['read'] },
            headers: { authorization: `Bearer ${fx.tokens.owner}` },
          });
          freshApiKeyId = (key.body.result?.data as { apiKey: { id: string } }).apiKey.id;
        }
        const token =
          role === 'anonymous'
            ? null
            : entry.freshSession
              ? (await login(fx.emails[role])).accessToken
              : fx.tokens[role];
        const input = entry.input?.(fx, role);
        const code =
          procedure.type === 'subscription'
            ? await subscribe(procedure.path, token, input)
            : await call(procedure.path, token, input, procedure.type);
        actual[role] = classify(code);
      }
      const simplified = Object.fromEntries(
        roles.map((role) => [role, actual[role].startsWith('allow') ? 'allow' : actual[role]]),
      );
      expect(simplified, JSON.stringify(actual)).toEqual(entry.expect);
    });
  }

  it("answers NOT_FOUND for an installation the caller does not have, not someone else's", async () => {
    const stranger = await register(uniqueEmail('matrix-stranger'));
    for (const path of ['marketplace.agents.update', 'marketplace.agents.uninstall']) {
      expect(await call(path, stranger, { name: fx.agentName }, 'mutation'), path).toBe(
        'NOT_FOUND',
      );
    }
  });
});
