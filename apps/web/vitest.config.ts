import { configDefaults, defineConfig } from 'vitest/config';

// Unit tests only; the browser tests in e2e/ need a build and run with vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'e2e/**'],
  },
});
