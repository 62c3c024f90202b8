import type { ApiKeyScope, Role } from '@capecontrol/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type Principal } from '../../context';
import { createTestHarness, testRequest, type TestHarness } from '../../testing/harness';
import { createCallerFactory } from '../../trpc';
import { knowledgeRouter } from './router';
import { seedBuiltinKnowledge } from './seed';

let harness: TestHarness;
const ids: Record<Role, string> = { user: '', publisher: '', admin: '' };

beforeAll(async () => {
  harness = await createTestHarness();
  const db = harness.database.db;
  for (const role of ['user', 'publisher', 'admin'] as const) {
    ids[role] = (
      await db
        .insertInto('users')
        .values({ email: `${role}@example.com`, display_name: role, password_hash: 'x', role })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  await seedBuiltinKnowledge(db);
});
afterAll(() => harness.close());

const createCaller = createCallerFactory(knowledgeRouter);

/** A caller authenticated as `role`, by bearer token or by an API key with `scopes`. */
function callerAs(role: Role, apiKeyScopes?: ApiKeyScope[]) {
  const principal: Principal = {
    user: {
      id: ids[role],
      email: `${role}@example.com`,
      displayName: role,
      role,
      createdAt: new Date(),
    },
    via: apiKeyScopes ? 'api_key' : 'bearer',
    sessionId: apiKeyScopes ? null : '00000000-0000-4000-8000-000000000009',
    apiKeyId: apiKeyScopes ? '00000000-0000-4000-8000-00000000000a' : null,
    scopes: apiKeyScopes ?? [],
    accessTokenExpiresAt: null,
  };
  return createCaller(
    createInnerContext(harness.services, {
      request: testRequest({ authorization: 'Bearer test', requestId: 'req-kb' }),
      auth: { status: 'authenticated', principal },
      responseHeaders: new Headers(),
    }),
  );
}

describe('agent.knowledge procedures', () => {
  it('are for administrators only', async () => {
    for (const role of ['user', 'publisher'] as const) {
      await expect(callerAs(role).list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        callerAs(role).upsert({ slug: 'x', title: 'X', body: 'x' }),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
  });

  it('let an admin add, read, delete and restore documents, audited with the request', async () => {
    const admin = callerAs('admin');
    const created = await admin.upsert({
      slug: 'house-rules',
      title: 'House rules',
      body: '## Rules\n\nBe kind.',
    });
    expect(created).toMatchObject({ slug: 'house-rules', source: 'admin', sections: 1 });
    expect(await admin.get({ id: created.id })).toEqual(created);
    expect((await admin.list()).map((d) => d.slug)).toContain('house-rules');
    await admin.delete({ slug: 'house-rules' });
    await expect(admin.get({ slug: 'house-rules' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await admin.delete({ slug: 'operations' });
    expect(await admin.restore({ slug: 'operations' })).toMatchObject({ source: 'builtin' });

    const audit = await harness.database.db
      .selectFrom('audit_events')
      .select(['action', 'request_id', 'actor_user_id'])
      .where('action', 'like', 'knowledge.document.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      'knowledge.document.create',
      'knowledge.document.delete',
      'knowledge.document.delete',
      'knowledge.document.restore',
    ]);
    expect(
      audit.every((row) => row.request_id === 'req-kb' && row.actor_user_id === ids.admin),
    ).toBe(true);
  });

  it('need the write scope for changes when an admin uses an API key', async () => {
    await expect(callerAs('admin', ['read']).list()).resolves.not.toHaveLength(0);
    await expect(
      callerAs('admin', ['read']).upsert({ slug: 'y', title: 'Y', body: 'y' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const viaKey = await callerAs('admin', ['write']).upsert({ slug: 'y', title: 'Y', body: 'y' });
    const [row] = await harness.database.db
      .selectFrom('audit_events')
      .select(['actor_type', 'actor_api_key_id'])
      .where('target_id', '=', viaKey.id)
      .execute();
    expect(row).toEqual({
      actor_type: 'api_key',
      actor_api_key_id: '00000000-0000-4000-8000-00000000000a',
    });
  });

  it('refuse malformed input', async () => {
    await expect(
      callerAs('admin').upsert({ slug: 'Not A Slug', title: 'x', body: 'x' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(callerAs('admin').get({ id: 'nope' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
