import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateRequest } from '../auth/authenticate';
import { callerFor, createTestHarness, testRequest, type TestHarness } from '../testing/harness';
import { promptManifest } from './testing';

let harness: TestHarness;
let publisher: Awaited<ReturnType<typeof signUp>>;

async function signUp(email: string) {
  const anonymous = callerFor(harness.services).caller;
  const session = await anonymous.auth.register({
    email,
    password: 'correct horse battery',
    displayName: email.split('@')[0] ?? 'x',
    transport: 'bearer',
  });
  const request = testRequest({ authorization: `Bearer ${session.accessToken}` });
  const auth = await authenticateRequest(harness.services, request);
  return callerFor(harness.services, { auth, request }).caller;
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
    for (const sort of [
      'relevance',
      'installs',
      'rating',
      'trending',
      'newest',
      'updated',
    ] as const)
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
