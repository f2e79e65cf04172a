import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const backend = 'http://127.0.0.1:3000';

/** The building blocks of the list pages (table, paging, search, empty state) and their icons. */
const listKit = new RegExp(
  [
    String.raw`/src/web/components/ui/(table|table-styles|pagination|search-input|empty-state|loading-rows|badge|page-header)\.tsx?$`,
    String.raw`/src/web/lib/(api|format|use-list-params)\.ts$`,
    String.raw`/src/shared/schemas/paging\.ts$`,
    String.raw`/lucide-react/dist/esm/icons/(search|search-x|chevron-left|chevron-right|plus)\.mjs$`,
  ].join('|'),
);

/**
 * zod 4.6 gives every schema type a JSON Schema processor, so tree-shaking cannot drop zod's JSON
 * Schema generator: ~5.5 KB gzip of the first page (issue 10). The console never generates JSON
 * Schema (the server's OpenAPI document comes from the server bundle, which this does not touch),
 * so in the console build those two modules export stand-ins that throw when used. A zod release
 * that moves them only makes the bundle bigger again, which e2e/budget.spec.ts reports.
 */
function zodWithoutJsonSchema(): Plugin {
  const generator = /\/zod\/v4\/core\/(json-schema-processors|to-json-schema)\.js$/;
  return {
    name: 'zod-without-json-schema',
    apply: 'build',
    load(id) {
      if (!generator.test(id)) return null;
      const source = fs.readFileSync(id, 'utf8');
      const names = [
        ...[...source.matchAll(/^export (?:const|let|function|async function|class) (\w+)/gm)].map(
          (m) => m[1],
        ),
        ...[...source.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) =>
          m[1]!.split(',').map((e) =>
            e
              .trim()
              .split(/\s+as\s+/)
              .pop(),
          ),
        ),
      ].filter((n): n is string => !!n);
      // `create…Method` factories run when a schema is built; only the methods they return throw.
      return [
        "const unavailable = () => { throw new Error('zod JSON Schema is not part of the console build'); };",
        ...names.map(
          (n) =>
            `export const ${n} = ${n.startsWith('create') ? '() => unavailable' : 'unavailable'};`,
        ),
      ].join('\n');
    },
  };
}

/**
 * Monaco trimmed to a hook editor (the features it keeps are imported in
 * src/web/components/monaco.ts):
 * - monaco-editor's worker helper (`internal/common/workers.js`, used by every language service)
 *   imports all ~70 editor features for their side effects, which would undo the trimming: its
 *   side-effect imports go;
 * - the TypeScript worker carries every lib .d.ts TypeScript ships (3.2 MB of text, the DOM's
 *   alone is over a megabyte). Hook scripts are typed against ES2020 only (`lib: ['es2020']` in
 *   code-editor.tsx): the worker keeps ES5 to ES2020 and drops the rest.
 */
function monacoForHooks(): Plugin {
  const workersHelper = /\/monaco-editor\/esm\/vs\/internal\/common\/workers\.js$/;
  const libFile = /\/monaco-editor\/esm\/vs\/languages\/features\/typescript\/lib\/lib\.js$/;
  const kept = /^lib\.(es5|es2015|es2016|es2017|es2018|es2019|es2020)(\.(?!full\.)[\w.]+)?\.d\.ts$/;
  return {
    name: 'monaco-for-hooks',
    apply: 'build',
    transform(code, id) {
      if (workersHelper.test(id)) {
        return { code: code.replace(/^import '[^']+';$/gm, ''), map: null };
      }
      if (!libFile.test(id)) return null;
      // One statement per file (`libFileMap["lib.x.d.ts"] = '…';`, strings may span lines).
      const parts = code.split(/(?=^libFileMap\["|^export )/m).filter((part) => {
        const name = /^libFileMap\["([^"]+)"\] = /.exec(part)?.[1];
        return name === undefined || kept.test(name);
      });
      return { code: parts.join(''), map: null };
    },
  };
}

/**
 * Brotli (quality 11) and gzip (level 9) copies of every compressible asset of at least 1 KB,
 * written beside it (`x.js.br`, `x.js.gz`): the server sends the one the client accepts
 * (src/server/app.ts), so nothing is compressed per request and the best levels cost nothing at
 * run time. Fonts (woff2) are compressed already.
 */
function precompressAssets(): Plugin {
  const compressible = /\.(js|mjs|css|svg|json|ttf|map|txt)$/;
  let outDir = '';
  return {
    name: 'precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = path.join(outDir, 'assets');
      if (!fs.existsSync(assets)) return;
      for (const name of fs.readdirSync(assets)) {
        if (!compressible.test(name)) continue;
        const file = path.join(assets, name);
        const body = fs.readFileSync(file);
        if (body.length < 1024) continue;
        fs.writeFileSync(
          `${file}.br`,
          zlib.brotliCompressSync(body, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The console build (dist/web), served by the Tokenhook server. In dev, Vite proxies the APIs.
export default defineConfig({
  plugins: [react(), tailwindcss(), zodWithoutJsonSchema(), monacoForHooks(), precompressAssets()],
  worker: { plugins: () => [monacoForHooks()] },
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    reportCompressedSize: false,
    // Monaco's editor.api and code-editor chunks are loaded by the hook editor only.
    chunkSizeWarningLimit: 3000,
    // Browsers without <link rel="modulepreload"> still load every chunk, only later: no polyfill.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          includeDependenciesRecursively: false,
          // Every list page (the first page is /apis) uses these: one chunk instead of a dozen of
          // a few hundred bytes each (issue 10: the first page's JS ≤ 150 KB gzip, e2e/budget.spec.ts).
          // Only the group's own modules move (their imports stay where they are), so it must hold
          // none that the entry (layout, sign-in shell) imports: that would make a chunk cycle.
          groups: [{ name: 'list-kit', test: (id) => listKit.test(id) }],
        },
      },
    },
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
