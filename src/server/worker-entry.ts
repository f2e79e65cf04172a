import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  url: URL;
  execArgv: string[];
}

/**
 * Where a worker thread's code lives.
 *
 * - Bundled (dist/server.js; this module's URL ends in .js): `dist/<name>.js`, which
 *   scripts/build-server.mjs emits as an entry point of its own.
 * - Source (tsx, Vitest; the URL ends in .ts): the `source` file bundled on the spot with esbuild
 *   (a dev dependency, ~20 ms) into node_modules/.cache, so its bare imports resolve. A worker then
 *   starts as fast as in production; registering tsx inside the thread instead costs about a
 *   second per worker (and `execArgv: ['--import', 'tsx']` does not work for workers on Node 20).
 *
 * execArgv is empty on purpose: by default a Worker inherits process.execArgv, which may carry
 * --inspect (port clash), tsx's CLI loader or Vitest flags.
 */
export function workerEntry(name: string, source: URL): WorkerEntry {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL(`./${name}.js`, here), execArgv: [] };
  const require = createRequire(here);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const root = fileURLToPath(new URL('../../', here));
  // node_modules may be shared by several checkouts (a symlink): the name carries this checkout's.
  const checkout = createHash('sha256').update(root).digest('hex').slice(0, 8);
  const outfile = path.join(root, 'node_modules', '.cache', 'tokenhook', `${name}-${checkout}.mjs`);
  // Built under a private name, then renamed: concurrent test processes never see half a file.
  const partial = `${outfile}.${process.pid}.tmp`;
  esbuild.buildSync({
    entryPoints: [fileURLToPath(source)],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@': path.join(root, 'src') },
    logLevel: 'warning',
  });
  fs.renameSync(partial, outfile);
  return { url: pathToFileURL(outfile), execArgv: [] };
}
