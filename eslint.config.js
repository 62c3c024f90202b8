// ESLint for the whole monorepo. Each workspace runs `eslint .` (through turbo); ESLint finds
// this file by walking up, so one set of rules covers every package.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/node_modules/',
    '**/.turbo/',
    '**/coverage/',
    '**/.data/',
    'packages/db/src/generated/',
    'apps/*/e2e/artifacts/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
      parserOptions: {
        projectService: {
          // Config files (vite.config.ts, vitest*.config.ts, build.mjs) are linted with types
          // too. The preferred home for one is its workspace's tsconfig `include` (apps/web,
          // packages/db); files no tsconfig includes are listed here and get a default project
          // with the base compiler options. A file must not be in both: typescript-eslint
          // stops with "included by allowDefaultProject but also found in the project service".
          allowDefaultProject: [
            '*.js',
            'apps/server/*.mjs',
            'apps/server/*.ts',
            'packages/api/*.ts',
            'packages/client/*.ts',
          ],
          defaultProject: 'tsconfig.base.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its error; in a streaming server that means a crash or
      // a silently dropped event. Both rules are in the preset already; kept here on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        // `onClick={async () => ...}` is the normal React idiom; every other void-return
        // position (event emitters, callbacks, timers) is still checked.
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowAny: false, allowNullish: false },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Async functions that implement a Promise-returning interface without awaiting are fine.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-implicit-coercion': 'error',
      'prefer-const': 'error',
    },
  },

  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/e2e/**'],
    rules: {
      // `expect(mock.method).toHaveBeenCalled()` passes methods around unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Vitest's asymmetric matchers (`expect.any(String)`, `expect.stringMatching(...)`) are
      // typed `any`; placing them inside an expected object is the point of them.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Tests build tokens and headers from values they then assert on; a stray `null` in one
      // fails the assertion anyway.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowAny: false, allowNullish: true },
      ],
    },
  },

  {
    files: ['apps/web/**/*.{ts,tsx}'],
    ignores: ['apps/web/*.config.ts', 'apps/web/e2e/**'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    // A missing dependency is a stale-closure bug; say why in a disable comment when intended.
    rules: { 'react-hooks/exhaustive-deps': 'error' },
  },
);
