import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['../../packages/api/src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
