/** Migration 0011: one version counter for hooks whose two counters had drifted apart. */
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrate, migrations, openSqlite } from '../connect';

describe('0011-hook-lifecycle', () => {
  it('gives a hook ahead of its history a version labelled secrets, and moves a hook behind it up to its newest version', async () => {
    const db = openSqlite(':memory:');
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0009-log-indexes')).error).toBeUndefined();
    const hook = (id: string, version: number) =>
      sql`INSERT INTO hooks (id, name, script, trigger_id, enabled, dependencies, version, timeout_ms, created_at, updated_at)
          VALUES (${id}, ${id}, 'code', 'credentials-exchange', 0, '{}', ${version}, 5000, 't0', 't1')`.execute(
        db,
      );
    const version = (hookId: string, number: number) =>
      sql`INSERT INTO hook_versions (id, hook_id, number, script, dependencies, timeout_ms, secret_names, created_at, created_by)
          VALUES (${`${hookId}-${number}`}, ${hookId}, ${number}, 'code', '{}', 5000, '[]', 't0', 'admin')`.execute(
        db,
      );
    await hook('ahead', 3); // a script change and a secrets change: version 3, history 1..2
    await version('ahead', 1);
    await version('ahead', 2);
    await sql`INSERT INTO hook_secrets (hook_id, name, value_enc) VALUES ('ahead', 'KEY', 'sealed')`.execute(
      db,
    );
    await hook('behind', 1); // a timeout change: version 1, history 1..2
    await version('behind', 1);
    await version('behind', 2);

    await migrate(db);
    const hooks = await db.selectFrom('hooks').select(['id', 'version']).orderBy('id').execute();
    expect(hooks).toEqual([
      { id: 'ahead', version: 3 },
      { id: 'behind', version: 2 },
    ]);
    const added = await db
      .selectFrom('hook_versions')
      .selectAll()
      .where('hook_id', '=', 'ahead')
      .where('number', '=', 3)
      .executeTakeFirstOrThrow();
    expect([added.change, added.secret_names, added.script, added.created_by]).toEqual([
      'secrets',
      '["KEY"]',
      'code',
      'migration',
    ]);
    await db.destroy();
  });
});
