// Bundles the server and the audit:verify command, with the workspace packages they use
// (shipped as TypeScript source), into dist/main.js and dist/audit-verify.js. Third-party
// packages stay external: some carry native code or WASM files that must be loaded from
// node_modules.
import { build } from 'esbuild';

const workspacePackage = /^@capecontrol\//;

await build({
  entryPoints: ['src/main.ts', 'src/audit-verify.ts'],
  // BUILD_OUT_DIR: scripts that run a fresh bundle of the source (the chaos test) build elsewhere.
  outdir: process.env.BUILD_OUT_DIR ?? 'dist',
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
