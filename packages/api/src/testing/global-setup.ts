import { createGlobalSetup } from '@capecontrol/db/testing/global-setup';
import { pino } from 'pino';
import { createOfflineEngine } from '../agent/llm/offline-engine';
import { createServices } from '../services';

/**
 * Test global setup for everything that builds services: the template database is migrated
 * and then seeded once (instance secret, signing key, knowledge base, marketplace catalogue),
 * so each test file's services find the seeds in place instead of redoing them.
 */
export default createGlobalSetup(async (db) => {
  await createServices({ db, logger: pino({ level: 'silent' }), llm: createOfflineEngine() });
});
