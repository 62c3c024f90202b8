// Bundles the server and the workspace packages it uses (shipped as TypeScript source) into
// dist/main.js. Third-party packages stay external: some carry native code or WASM files
// that must be loaded from node_modules.
import { build } from 'esbuild';

const workspacePackage = /^@capecontrol\//;

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
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
