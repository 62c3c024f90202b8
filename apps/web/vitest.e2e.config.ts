import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const dbGlobalSetup = fileURLToPath(
  new URL('../../packages/api/src/testing/global-setup.ts', import.meta.url),
);

// Real-browser tests: the built SPA (apps/web/dist) served by the real server over a fresh test
// database (PGlite, or Postgres when DATABASE_URL is set), driven by Debian's Chromium.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: [dbGlobalSetup],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
