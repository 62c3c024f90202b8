import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSorts } from '@capecontrol/schema';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import pino from 'pino';
import { createTestHarness, signUpCaller, type TestHarness } from '../testing/harness';
import { promptManifest } from './testing';
import { searchAgents } from './search';
import { refreshTrendingScores, startTrendingRefresher } from './trending';

let harness: TestHarness;
let publisher: Awaited<ReturnType<typeof signUp>>;

async function signUp(email: string) {
  return (await signUpCaller(harness, email)).caller;
}

const filler = 'This agent keeps a careful record of everything it is given. '.repeat(4);

async function publish(name: string, version: string, description: string, readme = filler) {
  await publisher.marketplace.agents.publish({
    manifest: promptManifest({ name: `finder/${name}`, version, description, readme }),
  });
}

beforeAll(async () => {
  harness = await createTestHarness({ adminEmail: 'admin@example.com' });
  publisher = await signUp('finder@example.com');
  await publisher.marketplace.publishers.register();
  for (const [index, name] of ['alpha', 'bravo', 'charlie', 'delta', 'echo'].entries())
    await publish(name, '1.0.0', `Agent number ${index} that files paperwork.`);
  // A word that only the end of a readme holds, far past the part relevance ranks on.
  await publish(
    'foxtrot',
    '1.0.0',
    'Sorts mail.',
    `${filler}\n\nIt also handles zeppelin logistics.`,
  );
});
afterAll(async () => {
  await harness.close();
});

describe('marketplace search', () => {
  it('matches words anywhere in the readme, not only the ranked opening', async () => {
    const result = await publisher.marketplace.search({ query: 'zeppelin' });
    expect(result.items.map((item) => item.name)).toEqual(['finder/foxtrot']);
    expect(result.facets).toEqual({ categories: [{ category: 'productivity', count: 1 }] });
  });

  it('sorts by every key, with and without text', async () => {
    for (const sort of searchSorts)
      for (const query of [undefined, 'paperwork']) {
        const result = await publisher.marketplace.search({ sort, query, limit: 3 });
        expect(result.items).toHaveLength(3);
        expect(result.nextCursor).not.toBeNull();
      }
  });

  it('lists the newest version of an agent as soon as it is published', async () => {
    await publish('echo', '1.1.0', 'Agent number 4, now reconciling invoices.');
    const result = await publisher.marketplace.search({ query: 'reconciling' });
    expect(result.items.map((item) => [item.name, item.description])).toEqual([
      ['finder/echo', 'Agent number 4, now reconciling invoices.'],
    ]);
    const old = await publisher.marketplace.search({ query: 'paperwork' });
    expect(old.items.map((item) => item.name)).not.toContain('finder/echo');
  });

  it('pages through a snapshot with no duplicate or gap while agents are published, and sends facets once', async () => {
    const first = await publisher.marketplace.search({ sort: 'newest', limit: 2 });
    const expected = first.facets?.categories.reduce((sum, facet) => sum + facet.count, 0);
    const seen = first.items.map((item) => item.name);
    // Between pages: a new agent, and a new version of one already seen and of one not yet seen.
    const seenOne = seen.find((name) => name.startsWith('finder/')) ?? 'finder/foxtrot';
    await publish('golf', '1.0.0', 'Arrives after the first page.');
    await publish(
      seenOne.slice('finder/'.length),
      '2.0.0',
      'Quokka edition, after the first page.',
    );
    await publish('alpha', '2.0.0', 'Quokka edition too.');
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await publisher.marketplace.search({ sort: 'newest', limit: 2, cursor });
      expect(page.facets).toBeNull();
      expect(page.asOf).toBe(first.asOf);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(expected ?? -1);
    expect(seen).not.toContain('finder/golf');
    const fresh = await publisher.marketplace.search({ query: 'quokka' });
    expect(fresh.items.map((item) => item.name).sort()).toEqual([
      ...new Set(['finder/alpha', seenOne].sort()),
    ]);
  });
});

describe('marketplace search over the listing sort keys', () => {
  let ranker: Awaited<ReturnType<typeof signUp>>;
  const users: Array<Awaited<ReturnType<typeof signUp>>> = [];
  const install = (user: (typeof users)[number], agent: string) =>
    user.marketplace.agents.install({ name: `ranker/${agent}`, acceptPermissions: true });

  beforeAll(async () => {
    ranker = await signUp('ranker@example.com');
    await ranker.marketplace.publishers.register();
    for (const name of ['one', 'two', 'three', 'four', 'five'])
      await ranker.marketplace.agents.publish({
        manifest: promptManifest({ name: `ranker/${name}`, version: '1.0.0' }),
      });
    for (const email of ['u1@example.com', 'u2@example.com', 'u3@example.com'])
      users.push(await signUp(email));
    const [u1, u2, u3] = users as [(typeof users)[0], (typeof users)[0], (typeof users)[0]];
    for (const user of [u1, u2, u3]) await install(user, 'one');
    for (const user of [u1, u2]) await install(user, 'two');
    await install(u1, 'three');
  });

  const byInstalls = (cursor?: string | null) =>
    ranker.marketplace.search({ publisher: 'ranker', sort: 'installs', limit: 2, cursor });

  it('pages by installs as of the first page while installs reorder the agents', async () => {
    const first = await byInstalls();
    expect(first.items.map((item) => [item.name, item.installs])).toEqual([
      ['ranker/one', 3],
      ['ranker/two', 2],
    ]);
    // Between pages: five overtakes everyone, two loses an install.
    for (const user of users) await install(user, 'five');
    await users[0]!.marketplace.agents.uninstall({ name: 'ranker/two' });

    const seen = first.items.map((item) => [item.name, item.installs]);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await byInstalls(cursor);
      seen.push(...page.items.map((item) => [item.name, item.installs]));
      cursor = page.nextCursor;
    }
    // Snapshot values, no duplicate, no gap; ties (five and four at 0) by id, so either order.
    expect(seen.slice(0, 3)).toEqual([
      ['ranker/one', 3],
      ['ranker/two', 2],
      ['ranker/three', 1],
    ]);
    expect(seen.slice(3).sort()).toEqual([
      ['ranker/five', 0],
      ['ranker/four', 0],
    ]);

    // A new search sees the installs at once (the listing is kept by a trigger).
    const fresh = await byInstalls();
    expect(fresh.items.map((item) => [item.name, item.installs]).sort()).toEqual([
      ['ranker/five', 3],
      ['ranker/one', 3],
    ]);
  });

  it('reads a first page as of its snapshot even when an agent changes while it is read', async () => {
    const db = harness.services.db;
    // An install dated after any snapshot taken now: every first page finds the agent changed
    // since its snapshot, and must show it as it was (one install fewer), once.
    const three = await db
      .selectFrom('agents')
      .select(['id', 'install_count'])
      .where('name', '=', 'ranker/three')
      .executeTakeFirstOrThrow();
    await sql`insert into install_events (agent_id, kind, version, at) values (${three.id}, 'install', '1.0.0', now() + interval '1 hour')`.execute(
      db,
    );
    await db
      .updateTable('agents')
      .set({ install_count: three.install_count + 1 })
      .where('id', '=', three.id)
      .execute();
    try {
      const result = await ranker.marketplace.search({
        publisher: 'ranker',
        sort: 'installs',
        limit: 50,
      });
      const rows = result.items.filter((item) => item.name === 'ranker/three');
      expect(rows.map((item) => item.installs)).toEqual([three.install_count]);
    } finally {
      await sql`delete from install_events where at > now()`.execute(db);
      await db
        .updateTable('agents')
        .set({ install_count: three.install_count })
        .where('id', '=', three.id)
        .execute();
    }
  });

  it('keeps filters on publisher fields in step with the publisher', async () => {
    const verified = () =>
      ranker.marketplace.search({ publisher: 'ranker', verified: true, sort: 'newest' });
    expect((await verified()).items).toEqual([]);
    await sql`update publishers set verified = true where scope = 'ranker'`.execute(
      harness.services.db,
    );
    expect((await verified()).items).toHaveLength(5);
    expect((await verified()).items.every((item) => item.verified)).toBe(true);
  });

  it('ranks name and tag matches first, then description, then the rest of the readme', async () => {
    const publishWord = (name: string, fields: { description?: string; readme?: string }) =>
      ranker.marketplace.agents.publish({
        manifest: promptManifest({
          name: `ranker/${name}`,
          version: '1.0.0',
          description: fields.description ?? 'Turns notes into lists.',
          readme: fields.readme ?? filler,
        }),
      });
    await publishWord('readme-mention', { readme: `${filler}\n\nWorks with the wombat API.` });
    await publishWord('described', { description: 'Sends every wombat a weekly report.' });
    await publishWord('wombat-sync', {});
    const result = await ranker.marketplace.search({ query: 'wombat', limit: 2 });
    const rest = await ranker.marketplace.search({
      query: 'wombat',
      limit: 2,
      cursor: result.nextCursor,
    });
    expect([...result.items, ...rest.items].map((item) => item.name)).toEqual([
      'ranker/wombat-sync',
      'ranker/described',
      'ranker/readme-mention',
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it('forgives a misspelt agent name', async () => {
    const result = await ranker.marketplace.search({ query: 'wombat-snyc' });
    expect(result.items.map((item) => item.name)).toEqual(['ranker/wombat-sync']);
    expect(result.facets).toEqual({ categories: [{ category: 'productivity', count: 1 }] });
  });

  it('sorts words by another key the same whether the sort walk finds the page or not', async () => {
    const db = harness.services.db;
    // Every agent here has "summarises" in its description (the manifest's default), a few
    // do not: the walk of the sort order meets matches and misses.
    const all = async (probeRows: number, sort: 'newest' | 'installs' | 'updated') => {
      const names: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof searchAgents>> = await searchAgents(
          db,
          { query: 'summarises', sort, limit: 2, cursor },
          null,
          { probeRows },
        );
        names.push(...page.items.map((item) => item.name));
        cursor = page.nextCursor;
      } while (cursor);
      return names;
    };
    for (const sort of ['newest', 'installs', 'updated'] as const) {
      const expected = (await searchAgents(db, { sort, limit: 100 }, null)).items
        .filter((item) => item.description.includes('Summarises'))
        .map((item) => item.name);
      expect(expected.length).toBeGreaterThan(4);
      for (const probeRows of [1, 2, 3, 5, 8, 1000])
        expect(await all(probeRows, sort)).toEqual(expected);
    }
  });

  it('ranks trending by the latest stored refresh, and pages by that refresh', async () => {
    const db = harness.services.db;
    const agentId = async (name: string) =>
      (
        await db
          .selectFrom('agents')
          .select('id')
          .where('name', '=', `ranker/${name}`)
          .executeTakeFirstOrThrow()
      ).id;
    // A negative score (an uninstall with no install in the window), below the unscored agents.
    await sql`insert into install_events (agent_id, kind, version) values (${await agentId('four')}, 'uninstall', '1.0.0')`.execute(
      db,
    );
    // Refresh times have millisecond precision; let the event's microseconds fall before it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await refreshTrendingScores(db)).toBe(true);
    const stored = await sql<{ name: string; id: string; score: number }>`
      select a.name, a.id, coalesce(t.score, 0)::float8 as score from agents a
      left join trending_scores t on t.agent_id = a.id
        and t.computed_at = (select max(computed_at) from trending_refreshes)
      where a.publisher = 'ranker'
    `.execute(db);
    const expected = stored.rows
      .sort((a, b) => b.score - a.score || (b.id > a.id ? 1 : -1))
      .map((row) => row.name);
    expect(stored.rows.some((row) => row.score > 0)).toBe(true);
    expect(stored.rows.some((row) => row.score < 0)).toBe(true);
    expect(stored.rows.some((row) => row.score === 0)).toBe(true);

    const trendingPage = (cursor?: string | null) =>
      ranker.marketplace.search({ publisher: 'ranker', sort: 'trending', limit: 2, cursor });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const first = await trendingPage();
    // Between pages: the last agent gains installs just before the first page's snapshot and a
    // refresh lands at that snapshot; later, four becomes the most installed agent.
    const asOf = new Date(first.asOf);
    const last = expected.at(-1)!;
    for (let index = 0; index < 5; index += 1)
      await sql`insert into install_events (agent_id, kind, version, at) values (${await agentId(last.slice('ranker/'.length))}, 'install', '1.0.0', ${new Date(asOf.getTime() - 1)})`.execute(
        db,
      );
    expect(await refreshTrendingScores(db, { now: asOf })).toBe(true);
    for (const user of users) await install(user, 'four');
    const seen = first.items.map((item) => item.name);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await trendingPage(cursor);
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    }
    // Every page ranked by the first page's refresh.
    expect(seen).toEqual(expected);
    // A new search ranks by the latest refresh: the last agent now leads.
    const later = await trendingPage();
    expect(later.items[0]?.name).toBe(last);

    // Once the refresh a cursor ranks by is pruned, the cursor is refused with a clear error.
    await refreshTrendingScores(db, { now: new Date(Date.now() + 1_000), retainMs: 0 });
    const refused = await trendingPage(first.nextCursor).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('BAD_REQUEST');
    expect((refused as TRPCError).message).toMatch(/refreshed since/);
  });
});

describe('trending refresher', () => {
  it('refreshes when it starts, and a process finding a fresh refresh skips its turn', async () => {
    const db = harness.services.db;
    const count = async () =>
      Number(
        (
          await db
            .selectFrom('trending_refreshes')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Earlier tests stored refreshes dated in the future; start from none.
    await db.deleteFrom('trending_refreshes').execute();
    const before = await count();
    const refresher = startTrendingRefresher({
      db,
      logger: pino({ level: 'silent' }),
      intervalMs: 60_000,
    });
    await refresher.stop();
    expect(await count()).toBe(before + 1);
    expect(await refreshTrendingScores(db, { minIntervalMs: 60_000 })).toBe(false);
    expect(await count()).toBe(before + 1);
  });
});
