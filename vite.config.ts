import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const backend = 'http://127.0.0.1:3000';

// The console build (dist/web), served by the Tokenhook server. In dev, Vite proxies the APIs.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { outDir: 'dist/web', emptyOutDir: true },
  server: {
    proxy: { '/api': backend, '/oauth': backend, '/.well-known': backend, '/healthz': backend },
  },
});
