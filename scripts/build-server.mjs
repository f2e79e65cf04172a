// Bundles the server (and, once it exists, the CLI) into dist/, resolving the `@/` alias.
// Dependencies stay external: they are installed by npm ci and loaded from node_modules.
import { build } from 'esbuild';
import fs from 'node:fs';

// Worker threads are entries of their own, started from beside dist/server.js (worker-entry.ts).
const entries = [
  { in: 'src/server/main.ts', out: 'server' },
  { in: 'src/server/hooks/sandbox/worker.ts', out: 'hook-worker' },
  { in: 'src/server/db/log-writer-worker.ts', out: 'log-writer' },
  { in: 'src/server/store-copy.ts', out: 'store-copy' },
];
if (fs.existsSync('src/cli/main.ts')) entries.push({ in: 'src/cli/main.ts', out: 'cli' });

await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  alias: { '@': './src' },
  logLevel: 'warning',
});
