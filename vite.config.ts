import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = 'http://127.0.0.1:3000';

// The console build (dist/web), served by the Tokenhook server. In dev, Vite proxies the APIs.
export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    reportCompressedSize: false,
    // One ~560 kB bundle (React, router, TanStack Query, zod): an admin console loaded once, then cached.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': backend,
      '/oauth': backend,
      '/.well-known': backend,
      '/healthz': backend,
    },
  },
});
