/**
 * `npm run store:copy -- --from SOURCE --to TARGET`: moves a Tokenhook store, e.g. from the
 * embedded SQLite file to the PostgreSQL that several nodes will share. SOURCE and TARGET are a
 * SQLite file path or a postgres:// URL. The target is migrated first and must be empty.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { copyStore } from './db/copy';
import { migrate, openPostgres, openSqlite } from './db/connect';

const open = (where: string) =>
  /^postgres(ql)?:\/\//.test(where) ? openPostgres(where) : openSqlite(where);

async function main() {
  const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
  if (!values.from || !values.to) {
    console.error(
      'usage: npm run store:copy -- --from ./data/tokenhook.sqlite --to postgres://user:password@host/db',
    );
    process.exit(2);
  }
  if (!/^postgres/.test(values.from) && !fs.existsSync(values.from)) {
    console.error(`No SQLite file at ${values.from}`);
    process.exit(1);
  }
  const from = open(values.from);
  const to = open(values.to);
  try {
    await migrate(from);
    await migrate(to);
    const counts = await copyStore(from, to);
    console.log(
      `Copied ${Object.entries(counts)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')}.`,
    );
    console.log(
      'Start every node with the MASTER_KEY that sealed these secrets (the content of DATA_DIR/master.key).',
    );
  } finally {
    await from.destroy();
    await to.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
