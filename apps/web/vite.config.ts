import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev -w @capecontrol/server` listens. */
const API_ORIGIN = 'http://localhost:3000';

// Object form on purpose: Vite's string shorthand sets `changeOrigin: true`, which rewrites Host
// to localhost:3000 and makes the API refuse every mutation (its CSRF check compares Origin with
// the Host the request was addressed to). Keeping the browser's Host passes it as in production.
const target = { target: API_ORIGIN, changeOrigin: false };
const proxy = {
  '/trpc': target,
  '/healthz': target,
  '/readyz': target,
};

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across
        // releases and download in parallel.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'router', test: /node_modules[\\/]react-router[\\/]/ },
            { name: 'data', test: /node_modules[\\/](@tanstack|@trpc)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
