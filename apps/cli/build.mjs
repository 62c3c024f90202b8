// Bundles `cape` and the workspace packages it uses (shipped as TypeScript source) into
// dist/cape.js, an executable ES module. Third-party packages stay external and are installed
// from this package's dependencies, as for apps/server.
import { chmod } from 'node:fs/promises';
import { build } from 'esbuild';

const workspacePackage = /^@capecontrol\//;

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/cape.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  plugins: [
    {
      name: 'externalize-dependencies',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /^[^./]/ }, (args) =>
          workspacePackage.test(args.path) || args.kind === 'entry-point'
            ? undefined
            : { path: args.path, external: true },
        );
      },
    },
  ],
});
await chmod('dist/cape.js', 0o755);
