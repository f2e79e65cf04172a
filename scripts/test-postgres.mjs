// Runs the store and integration suites again on PostgreSQL, when TEST_DATABASE_URL names an
// admin connection (each test server creates and drops a database of its own). .ci/run sets it.
import { spawnSync } from 'node:child_process';

if (!process.env.TEST_DATABASE_URL) {
  console.log(
    'PostgreSQL suites skipped: set TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/postgres to run them.',
  );
  process.exit(0);
}
const run = spawnSync('npx', ['vitest', 'run', '--project', 'postgres'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
