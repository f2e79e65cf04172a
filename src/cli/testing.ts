/** Test support for the CLI suites: the CLI bundled once into a file that runs as a process. */
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles src/cli/main.ts into `outfile` (an .mjs the tests start with node). */
export function buildCli(outfile: string) {
  return build({
    entryPoints: ['src/cli/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { '@': path.resolve('src') },
    // Bundled CommonJS dependencies (yaml) require Node built-ins; dist/cli.js keeps packages external.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
