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
});
