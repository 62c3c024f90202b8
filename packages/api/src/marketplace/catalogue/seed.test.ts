import type { DB } from '@capecontrol/db';
import { createTestDatabase, type TestDatabase } from '@capecontrol/db/testing';
import { marketplaceCategories } from '@capecontrol/schema';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFor, createTestHarness, type TestHarness } from '../../testing/harness';
import { deprecate, yank } from '../lifecycle';
import { publishVersion } from '../publish';
import { loadSigningKeys, type SigningKeys } from '../signing';
import { catalogue, publishOrder } from './catalogue';
import { CATALOGUE_SETTING, publisherEmail, seedCatalogue } from './seed';
import type { CataloguePublisher } from './types';

const scopes = catalogue.map((publisher) => publisher.scope);
const versionCount = catalogue.flatMap((p) => p.agents.flatMap((agent) => agent.versions)).length;
const helpdeskhq = catalogue.find((p) => p.scope === 'helpdeskhq') as CataloguePublisher;
const plugworks = catalogue.find((p) => p.scope === 'plugworks') as CataloguePublisher;

let harness: TestHarness;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  harness = await createTestHarness();
});
afterAll(async () => {
  await Promise.all(databases.map((database) => database.close()));
  await harness.close();
});

/** A migrated database without the catalogue, and its signing keys. */
async function freshDatabase(): Promise<{ db: Kysely<DB>; signing: SigningKeys }> {
  const database = await createTestDatabase({ seeded: false });
  databases.push(database);
  return { db: database.db, signing: await loadSigningKeys(database.db) };
}

const countVersions = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom('agent_versions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('seeding at start-up', () => {
  it('loads every agent over all ten categories, from every publisher, with its lifecycle', async () => {
    const db = harness.database.db;
    const agents = await db
      .selectFrom('agents')
      .select(['name', 'latest_version', 'latest_compatible_version', 'deprecated_message'])
      .where('publisher', 'in', scopes)
      .execute();
    expect(agents.length).toBeGreaterThanOrEqual(30);
    expect(await countVersions(db)).toBe(versionCount);

    const { caller } = callerFor(harness.services);
    const categories = await caller.marketplace.categories();
    for (const category of marketplaceCategories) {
      expect(
        categories.find((row) => row.category === category)?.count,
        category,
      ).toBeGreaterThanOrEqual(2);
    }
    const publishers = await db.selectFrom('publishers').select(['scope', 'verified']).execute();
    expect(publishers.map((row) => row.scope).sort()).toEqual([...scopes].sort());
    expect(
      publishers
        .filter((row) => row.verified)
        .map((row) => row.scope)
        .sort(),
    ).toEqual(['capecontrol', 'shieldops']);

    const lifecycle = await db
      .selectFrom('agent_versions')
      .select(['name', 'version', 'deprecated_message', 'yank_reason', 'yanked_at'])
      .where((eb) =>
        eb.or([eb('deprecated_message', 'is not', null), eb('yanked_at', 'is not', null)]),
      )
      .orderBy('name')
      .orderBy('version')
      .execute();
    expect(lifecycle.filter((row) => row.deprecated_message).length).toBeGreaterThanOrEqual(3);
    expect(
      lifecycle.filter((row) => row.yanked_at && row.yank_reason).length,
    ).toBeGreaterThanOrEqual(2);
    const byName = new Map(agents.map((agent) => [agent.name, agent]));
    // The newest version is yanked, so the listing falls back to the one before.
    expect(byName.get('helpdeskhq/ticket-classifier')?.latest_version).toBe('2.0.0');
    expect(byName.get('plugworks/xml-bridge')?.deprecated_message).toMatch(/api-mapper/);
    expect(byName.get('inkwell/newsletter-studio')?.latest_compatible_version).toBeNull();
  });

  it('gives the "compatible" filter an agent to hide', async () => {
    const { caller } = callerFor(harness.services);
    const names = async (compatible: boolean) =>
      (await caller.marketplace.search({ publisher: 'inkwell', compatible, limit: 50 })).items.map(
        (item) => item.name,
      );
    expect(await names(true)).not.toContain('inkwell/newsletter-studio');
    expect(await names(false)).toContain('inkwell/newsletter-studio');
    const detail = await caller.marketplace.agents.get({ name: 'capecontrol/code-reviewer' });
    expect(
      detail.versions.map((version) => [version.version, version.deprecated !== null]),
    ).toEqual([
      ['2.0.0', false],
      ['1.1.0', false],
      ['1.0.0', true],
    ]);
    expect(detail.validationReport.verdict).toBe('pass');
  });

  it('creates publisher accounts that nobody can sign in to', async () => {
    const { caller } = callerFor(harness.services);
    const error = await caller.auth
      .login({ email: publisherEmail('capecontrol'), password: '!disabled', transport: 'bearer' })
      .then(
        () => null,
        (caught: unknown) => caught,
      );
    expect(error instanceof TRPCError && error.code).toBe('UNAUTHORIZED');
  });

  it('does nothing the second time', async () => {
    const db = harness.database.db;
    const audits = async () =>
      Number(
        (
          await db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = { versions: await countVersions(db), audits: await audits() };
    const again = await seedCatalogue(db, harness.services.marketplace.signing);
    expect(again).toMatchObject({ status: 'current', published: [], lifecycle: [] });
    expect({ versions: await countVersions(db), audits: await audits() }).toEqual(before);
  });
});

describe('seedCatalogue', () => {
  it('seeds a fresh database in one go (timing reported)', async () => {
    const { db, signing } = await freshDatabase();
    const cpu = process.cpuUsage();
    const result = await seedCatalogue(db, signing);
    const used = process.cpuUsage(cpu);
    console.info(
      `catalogue seed: ${result.published.length} versions in ${result.durationMs} ms (${Math.round((used.user + used.system) / 1000)} ms CPU)`,
    );
    expect(result).toMatchObject({ status: 'seeded', blocked: [], skippedScopes: [] });
    expect(result.published).toHaveLength(versionCount);
    const marker = await db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', CATALOGUE_SETTING)
      .executeTakeFirst();
    expect(marker?.value).toBe(result.catalogueVersion);
  });

  it('seeds once when two processes start at the same moment', async () => {
    const { db, signing } = await freshDatabase();
    const results = await Promise.all([seedCatalogue(db, signing), seedCatalogue(db, signing)]);
    expect(results.map((result) => result.status).sort()).toEqual(['current', 'seeded']);
    expect(await countVersions(db)).toBe(versionCount);
  });

  it('adds only what a newer catalogue adds, and never rewrites a published version', async () => {
    const { db, signing } = await freshDatabase();
    // An older catalogue: fewer versions, no lifecycle state yet.
    const older: CataloguePublisher = {
      ...helpdeskhq,
      agents: helpdeskhq.agents.map((agent) => ({
        ...agent,
        versions: agent.versions
          .filter(({ manifest }) => !['1.1.0', '2.1.0'].includes(manifest.version))
          .map(({ manifest }) => ({ manifest })),
      })),
    };
    const first = await seedCatalogue(db, signing, { publishers: [older] });
    expect(first).toMatchObject({ blocked: [], lifecycle: [] });
    expect(first.published).toHaveLength(5);
    const before = await db
      .selectFrom('agent_versions')
      .select(['name', 'version', 'digest', 'published_at'])
      .execute();

    const second = await seedCatalogue(db, signing, { publishers: [helpdeskhq] });
    expect(second.published.sort()).toEqual([
      'helpdeskhq/reply-drafter@1.1.0',
      'helpdeskhq/ticket-classifier@2.1.0',
    ]);
    // Lifecycle state reaches versions an older catalogue published.
    expect(second.lifecycle.sort()).toEqual([
      'deprecated helpdeskhq/reply-drafter@1.0.0',
      'deprecated helpdeskhq/ticket-classifier@1.0.0',
      'yanked helpdeskhq/ticket-classifier@2.1.0',
    ]);
    const after = await db
      .selectFrom('agent_versions')
      .select(['name', 'version', 'digest', 'published_at'])
      .execute();
    for (const row of before) expect(after).toContainEqual(row);
  });

  it('leaves out a scope that already belongs to someone else', async () => {
    const { db, signing } = await freshDatabase();
    const squatter = await db
      .insertInto('users')
      .values({
        email: 'someone@example.com',
        display_name: 'Someone',
        password_hash: 'x',
        role: 'publisher',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('publishers')
      .values({ scope: 'plugworks', owner_user_id: squatter.id })
      .execute();
    const result = await seedCatalogue(db, signing, { publishers: [plugworks, helpdeskhq] });
    expect(result.skippedScopes).toEqual(['plugworks']);
    expect(result.blocked).toEqual([]);
    expect(result.published.every((id) => id.startsWith('helpdeskhq/'))).toBe(true);
  });

  it('reports a blocked entry and refuses a broken catalogue without failing the start', async () => {
    const { db, signing } = await freshDatabase();
    const kb = helpdeskhq.agents.find((agent) => agent.name === 'helpdeskhq/kb-article-writer');
    const [first] = kb?.versions ?? [];
    if (!kb || !first) throw new Error('helpdeskhq/kb-article-writer is missing');
    const orphan = {
      ...kb,
      name: 'helpdeskhq/orphan',
      versions: [
        {
          manifest: {
            ...first.manifest,
            name: 'helpdeskhq/orphan',
            dependencies: { 'nobody/missing': '^1.0.0' },
            permissions: { network: [], tools: ['agent.call' as const] },
          },
        },
      ],
    };
    const blocked = await seedCatalogue(db, signing, {
      publishers: [{ ...helpdeskhq, agents: [kb, orphan] }],
    });
    expect(blocked.status).toBe('seeded');
    expect(blocked.published).toEqual(['helpdeskhq/kb-article-writer@1.0.0']);
    expect(blocked.blocked).toEqual([
      {
        version: 'helpdeskhq/orphan@1.0.0',
        reasons: [expect.stringMatching(/^dependencies.not-found/)],
      },
    ]);

    const cyclic: CataloguePublisher = {
      ...helpdeskhq,
      agents: [
        {
          ...orphan,
          name: 'helpdeskhq/a',
          versions: [
            {
              manifest: {
                ...first.manifest,
                name: 'helpdeskhq/a',
                dependencies: { 'helpdeskhq/b': '^1.0.0' },
              },
            },
          ],
        },
        {
          ...orphan,
          name: 'helpdeskhq/b',
          versions: [
            {
              manifest: {
                ...first.manifest,
                name: 'helpdeskhq/b',
                dependencies: { 'helpdeskhq/a': '^1.0.0' },
              },
            },
          ],
        },
      ],
    };
    const errors: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_: object, message: string) => errors.push(message),
    };
    const failed = await seedCatalogue(db, signing, { publishers: [cyclic], logger });
    expect(failed).toMatchObject({ status: 'failed', published: [] });
    expect(failed.error).toMatch(/cycle/);
    expect(errors).toHaveLength(1);
    const marker = await db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', CATALOGUE_SETTING)
      .executeTakeFirst();
    expect(marker?.value).toBe(blocked.catalogueVersion);
  });

  it('stores exactly what publishVersion, deprecate and yank would', async () => {
    // Everything publishVersion accepts: all but the agent built for another platform release.
    const publishable = catalogue.map((publisher) => ({
      ...publisher,
      agents: publisher.agents.filter((agent) => agent.name !== 'inkwell/newsletter-studio'),
    }));
    const seeded = await freshDatabase();
    const published = await freshDatabase();
    // The same platform key on both sides, so signatures (Ed25519 is deterministic) compare too.
    const key = await seeded.db
      .selectFrom('instance_settings')
      .selectAll()
      .where('key', '=', 'marketplace_signing_key')
      .executeTakeFirstOrThrow();
    await published.db
      .updateTable('instance_settings')
      .set({ value: key.value })
      .where('key', '=', key.key)
      .execute();
    const signing = await loadSigningKeys(published.db);

    const bulk = await seedCatalogue(seeded.db, seeded.signing, { publishers: publishable });

    const owners = new Map<string, string>();
    for (const publisher of publishable) {
      const owner = await published.db
        .insertInto('users')
        .values({
          email: publisherEmail(publisher.scope),
          display_name: publisher.displayName,
          password_hash: '!disabled',
          role: 'publisher',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      owners.set(publisher.scope, owner.id);
    }
    const started = performance.now();
    for (const { publisher, version } of publishOrder(publishable)) {
      const userId = owners.get(publisher.scope) as string;
      const result = await publishVersion(
        published.db,
        signing,
        { userId, role: 'publisher', apiKeyId: null, origin: null },
        version.manifest,
      );
      expect(result.status).toBe('published');
    }
    for (const publisher of publishable) {
      const userId = owners.get(publisher.scope) as string;
      const actor = {
        userId,
        role: 'publisher',
        audit: { type: 'user', userId },
        origin: null,
      } as const;
      for (const agent of publisher.agents) {
        for (const { manifest, deprecated, yanked } of agent.versions) {
          const version = manifest.version;
          if (deprecated)
            await deprecate(published.db, actor, {
              name: agent.name,
              version,
              message: deprecated,
            });
          if (yanked)
            await yank(published.db, actor, { name: agent.name, version, reason: yanked });
        }
        if (agent.deprecated)
          await deprecate(published.db, actor, { name: agent.name, message: agent.deprecated });
      }
    }

    console.info(
      `${bulk.published.length} versions: seedCatalogue ${bulk.durationMs} ms, one publishVersion, deprecate and yank at a time ${Math.round(performance.now() - started)} ms`,
    );
    const snapshot = async (db: Kysely<DB>) => ({
      agents: await db
        .selectFrom('agents')
        .select([
          'name',
          'publisher',
          'latest_version',
          'latest_compatible_version',
          'deprecated_message',
          'performance_score',
          'install_count',
        ])
        .orderBy('name')
        .execute(),
      versions: (
        await db
          .selectFrom('agent_versions')
          .selectAll()
          .orderBy('name')
          .orderBy('version')
          .execute()
      ).map(
        ({
          id: _id,
          agent_id: _agent,
          published_by: _by,
          published_at: _at,
          search: _search,
          superseded_at,
          yanked_at,
          ...row
        }) => ({
          ...row,
          superseded: superseded_at !== null,
          yanked: yanked_at !== null,
        }),
      ),
      audit: (
        await db
          .selectFrom('audit_events')
          .select(['action', 'target_id', 'metadata'])
          .where('action', 'like', 'marketplace.%')
          .where('action', '<>', 'marketplace.catalogue.seed')
          .execute()
      )
        .map(
          (event) => `${event.action} ${event.target_id ?? ''} ${JSON.stringify(event.metadata)}`,
        )
        .sort(),
    });
    expect(await snapshot(seeded.db)).toEqual(await snapshot(published.db));
  });
});
