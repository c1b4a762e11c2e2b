import { defineConfig } from 'vite';

// Built into client/dist; the worker's build copies that next to itself and serves it at /client/.
export default defineConfig({
  base: '/client/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  // `npm run dev:client`: this dev server forwards API calls to a worker started by ./run.sh.
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://localhost:7071', '/shared': 'http://localhost:7071' },
  },
});
