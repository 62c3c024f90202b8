import { randomUUID } from 'node:crypto';
import { createTestDatabase, testEnv, type TestDatabase } from '@capecontrol/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChaos } from '../scripts/lib/chaos';

/**
 * CI's smoke of `npm run chaos`: at least 20 SIGKILLs of worker processes over at least 200
 * multi-step tasks; nothing lost, nothing completed twice. Needs DATABASE_URL and REDIS_URL.
 */
const enabled = Boolean(testEnv.DATABASE_URL && testEnv.REDIS_URL);

let database: TestDatabase;

describe.skipIf(!enabled)('chaos smoke: workers killed with SIGKILL mid-batch', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('ends every task exactly once, with each step recorded once', async () => {
    const report = await runChaos({
      databaseUrl: database.url ?? '',
      redisUrl: testEnv.REDIS_URL ?? '',
      redisKeyPrefix: `cape-chaos-${randomUUID().slice(0, 8)}`,
      tasks: 200,
      kills: 20,
      workers: 3,
      killEveryMs: 400,
      seed: 7,
    });
    console.log(`chaos smoke: ${JSON.stringify(report)}`);
    expect(report.kills).toBe(20);
    expect(report.tasks).toBe(200);
    expect(report).toMatchObject({
      lost: 0,
      doubleCompleted: 0,
      duplicateSteps: 0,
      eventLogGaps: 0,
    });
    expect(report.succeeded + report.failed + report.otherTerminal).toBe(200);
    // The kills did land on running tasks: some leases were taken over.
    expect(report.reclaims).toBeGreaterThan(0);
  }, 600_000);
});
