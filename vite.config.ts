import fs from 'node:fs';
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
        ...[...source.matchAll(/^export (?:const|let|function|async function|class) (\w+)/gm)].map((m) => m[1]),
        ...[...source.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1]!.split(',').map((e) => e.trim().split(/\s+as\s+/).pop())),
      ].filter((n): n is string => !!n);
      // `create…Method` factories run when a schema is built; only the methods they return throw.
      return [
        "const unavailable = () => { throw new Error('zod JSON Schema is not part of the console build'); };",
        ...names.map((n) => `export const ${n} = ${n.startsWith('create') ? '() => unavailable' : 'unavailable'};`),
      ].join('\n');
    },
  };
}

// The console build (dist/web), served by the Tokenhook server. In dev, Vite proxies the APIs.
export default defineConfig({
  plugins: [react(), tailwindcss(), zodWithoutJsonSchema()],
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
