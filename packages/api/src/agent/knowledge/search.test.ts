import type { DB } from '@capecontrol/db';
import { testEnv } from '@capecontrol/db/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHarness, type TestHarness } from '../../testing/harness';
import { searchKnowledge, unknownWords, withSnippet } from './search';
import { seedBuiltinKnowledge } from './seed';

let harness: TestHarness;
let db: Kysely<DB>;

beforeAll(async () => {
  harness = await createTestHarness();
  db = harness.database.db;
  await seedBuiltinKnowledge(db);
});
afterAll(() => harness.close());

/** Realistic questions and the document (and, where it matters, the section) that answers them. */
const questions: [question: string, slug: string, section?: RegExp][] = [
  ['how do I publish an agent', 'publishing-agents'],
  ['how do I cancel a task', 'running-tasks', /Cancelling a task/],
  ['what does timed_out', 'troubleshooting', /timed_out/],
  ['how do I resume a stream after a disconnect', 'running-tasks', /lastEventId/],
  ['which environment variable sets the database', 'configuration', /Database settings/],
  ['what scopes can an API key have', 'accounts-and-security', /Scopes/],
  ['how do I install an agent', 'installing-agents', /Installing an agent/],
  ['what categories can an agent have', 'agent-manifest', /Categories/],
  ['run with docker compose', 'operations', /Docker Compose/],
  ['health check endpoint', 'operations', /Health and readiness/],
  ['idempotency key', 'running-tasks', /idempotency/],
  ['how do I become an admin', 'troubleshooting', /administrator/],
  ['worker crashes', 'running-tasks', /crashed workers/],
  ['how do I deprecate a version', 'publishing-agents', /Deprecating/],
  ['where is the data directory', 'getting-started', /data directory/],
  ['yank a version', 'publishing-agents', /Yanking/],
  ['createCapeClient options', 'typed-client', /createCapeClient/],
  ['domain specialist domains', 'built-in-agents', /Domain Specialist/],
  ['rate limits lockout', 'accounts-and-security', /Rate limits/],
  ['install plan dry run', 'installing-agents', /install plan/],
];

describe('searchKnowledge over the shipped documentation', () => {
  it.each(questions)('"%s" finds %s first', async (question, slug, section) => {
    const [best] = await searchKnowledge(db, question, { limit: 5 });
    expect(best?.slug).toBe(slug);
    if (section) expect(best?.heading).toMatch(section);
    expect(best?.coverage).toBeGreaterThanOrEqual(0.5);
  });

  it('returns passages with the section text, a plain snippet and scores best first', async () => {
    const passages = await searchKnowledge(db, 'cancel a task', { limit: 4 });
    expect(passages).toHaveLength(4);
    const [first] = passages;
    expect(first).toMatchObject({ slug: 'running-tasks', title: 'Running tasks' });
    expect(first?.content).toContain('task.cancel');
    expect(first?.snippet).toMatch(/cancel/i);
    expect(first?.snippet).not.toMatch(/[`*]/);
    const scores = passages.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('falls back to passages holding some of the words when none holds all', async () => {
    const passages = await searchKnowledge(db, 'cancel zanzibar', { limit: 3 });
    expect(passages[0]?.heading).toMatch(/Cancelling a task/);
    expect(passages[0]?.coverage).toBe(0.5);
  });

  it('finds nothing for questions the documentation does not touch', async () => {
    for (const question of ['What is the capital of France?', 'bake sourdough bread']) {
      const passages = await searchKnowledge(db, question);
      expect(
        passages.every((p) => p.coverage < 0.5),
        question,
      ).toBe(true);
    }
    expect(await searchKnowledge(db, 'how do I do it?')).toEqual([]);
  });

  it('lets context words raise passages without requiring them', async () => {
    const plain = await searchKnowledge(db, 'publish', { limit: 3 });
    const withContext = await searchKnowledge(db, 'publish', {
      limit: 3,
      context: 'cape cli command',
    });
    expect(plain[0]?.slug).toBe('publishing-agents');
    expect(withContext[0]?.slug).toBe('cli');
    expect(withContext.every((p) => p.coverage === 1)).toBe(true);
    const onlyContext = await searchKnowledge(db, 'what can I do here', {
      context: 'account api keys',
    });
    expect(onlyContext[0]?.slug).toBe('accounts-and-security');
  });

  it('accepts web-search syntax and odd characters without errors', async () => {
    const quoted = await searchKnowledge(db, '"refresh token" -cookie');
    expect(quoted[0]?.heading).toMatch(/Sessions and refresh tokens/);
    expect(quoted.some((p) => /cookie/i.test(p.content))).toBe(false);
    await expect(
      searchKnowledge(db, "it's a 'quote' \\ back & | ! <-> :*"),
    ).resolves.toBeInstanceOf(Array);
  });

  it('names the words no section contains', async () => {
    expect(await unknownWords(db, ['slack', 'webhook', 'the', 'publish'])).toEqual(['slack']);
  });
});

describe('searchKnowledge: sections holding every word come first', () => {
  const holdsEveryWord = async (query: string, chunkIds: string[]) => {
    const rows = await db
      .selectFrom('knowledge_chunks')
      .select('id')
      .where('id', 'in', chunkIds)
      .where(sql<boolean>`search @@ websearch_to_tsquery('english', ${query})`)
      .execute();
    return new Set(rows.map((row) => row.id));
  };

  it.each([
    // Each has a section holding only one of the words that scores above some holding both.
    ['agent worker', 4],
    ['install worker', 3],
    ['publish redis', 2],
    ['manifest stream', 4],
  ])(
    'ranks only sections holding every word of %j when there are %i of them',
    async (query, limit) => {
      const { count } = await db
        .selectFrom('knowledge_chunks')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .where(sql<boolean>`search @@ websearch_to_tsquery('english', ${query})`)
        .executeTakeFirstOrThrow();
      expect(Number(count)).toBeGreaterThanOrEqual(limit);
      const passages = await searchKnowledge(db, query, { limit });
      expect(passages).toHaveLength(limit);
      const ids = passages.map((passage) => passage.chunkId);
      expect((await holdsEveryWord(query, ids)).size).toBe(limit);
    },
  );
});

describe('searchKnowledge without snippets', () => {
  it('leaves them empty, and withSnippet builds the same one a full search gives', async () => {
    const query = 'how do I cancel a task -retry';
    const context = 'running tasks';
    const full = await searchKnowledge(db, query, { limit: 5, context });
    const bare = await searchKnowledge(db, query, { limit: 5, context, snippets: false });
    expect(bare.map((passage) => passage.chunkId)).toEqual(full.map((passage) => passage.chunkId));
    expect(bare.every((passage) => passage.snippet === '')).toBe(true);
    expect(full.every((passage) => passage.snippet.length > 0)).toBe(true);
    expect(bare.map((passage) => withSnippet(passage, query, context).snippet)).toEqual(
      full.map((passage) => passage.snippet),
    );
  });
});

describe.runIf(testEnv.DATABASE_URL)('searchKnowledge on Postgres', () => {
  it('is planned once per connection: after the first few calls its generic plan is reused', async () => {
    // Nothing the planner could fold differently per call (the limit is part of the text), so
    // Postgres settles on one plan instead of planning each search anew (about half its cost).
    // (Limit 11: no other test uses it, so this is the statement these calls prepared.)
    const plans = await db.connection().execute(async (connection) => {
      for (const question of questions.slice(0, 10)) {
        await searchKnowledge(connection, question[0], { limit: 11, snippets: false });
      }
      const { rows } = await sql<{ generic_plans: number; custom_plans: number }>`
        select generic_plans::int, custom_plans::int from pg_prepared_statements
        where statement like '%every_word as materialized%limit 11%'
          and statement not like '%pg_prepared_statements%'
      `.execute(connection);
      return rows;
    });
    expect(plans).toHaveLength(1);
    expect(plans[0]?.generic_plans).toBeGreaterThanOrEqual(5);
  });
});
