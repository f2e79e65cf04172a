import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) };

/**
 * Two projects: `unit` runs files in parallel; `sandbox` holds the suites that put hostile hooks
 * on the worker pool and assert that others still answer within 2 s. Those run one file at a time
 * (`npm test` runs the projects one after the other) so CPU contention from other suites cannot
 * make a latency assertion flaky on a 2-core machine.
 */
const sandboxFiles = [
  'src/server/hooks/sandbox/**/*.test.ts',
  'src/server/hooks/exchange.test.ts',
  'src/server/hooks/actions.test.ts',
  'src/server/hooks/egress.test.ts',
];

/** Store and integration suites that run again on PostgreSQL (scripts/test-postgres.mjs). */
const postgresFiles = [
  'src/server/routes/*.test.ts',
  'src/server/auth/*.test.ts',
  'src/server/openapi.test.ts',
  'src/server/multi-node.test.ts',
  'src/server/store-outage.test.ts',
  'src/server/db/copy.test.ts',
  'src/server/db/token-quotas.test.ts',
];

export default defineConfig({
  resolve: { alias },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: [
            ...sandboxFiles,
            'src/server/multi-node.test.ts',
            'src/server/store-outage.test.ts',
            'src/server/db/copy.test.ts',
          ],
        },
      },
      { extends: true, test: { name: 'sandbox', include: sandboxFiles, fileParallelism: false } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: postgresFiles,
          env: { TOKENHOOK_TEST_STORE: 'postgres' },
        },
      },
    ],
  },
});
