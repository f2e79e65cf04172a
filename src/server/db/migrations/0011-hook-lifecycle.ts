import { sql, type Kysely } from 'kysely';

/**
 * One version counter: `hooks.version` (the execution log's number, and the key of the warm
 * context) becomes the number of the live `hook_versions` row, and every change that bumps it is
 * a version, labelled by what it changed (`code`, `settings` or `secrets`).
 *
 * Before, a secrets change bumped only `hooks.version` and a settings change only added a version,
 * so the two could differ either way. Hooks ahead of their history get a version (labelled
 * `secrets`) with their current code; hooks behind it move up to their newest version's number,
 * which no context was ever kept under.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A token exchange's execution holds what the hook received and returned and what the token got.
  await db.schema.alterTable('hook_executions').addColumn('trace', 'text').execute();
  await db.schema.alterTable('hook_versions').addColumn('change', 'text').execute();
  const ahead = await sql<{
    id: string;
    version: number;
    script: string;
    dependencies: string;
    timeout_ms: number;
    updated_at: string;
  }>`
    SELECT h.id, h.version, h.script, h.dependencies, h.timeout_ms, h.updated_at FROM hooks h
    WHERE h.version > (SELECT COALESCE(MAX(v.number), 0) FROM hook_versions v WHERE v.hook_id = h.id)`.execute(
    db,
  );
  for (const hook of ahead.rows) {
    const names = await sql<{
      name: string;
    }>`SELECT name FROM hook_secrets WHERE hook_id = ${hook.id} ORDER BY name`.execute(db);
    await sql`INSERT INTO hook_versions (id, hook_id, number, script, dependencies, timeout_ms, secret_names, created_at, created_by, change)
              VALUES (${`${hook.id}-v${hook.version}`}, ${hook.id}, ${hook.version}, ${hook.script}, ${hook.dependencies}, ${hook.timeout_ms},
                      ${JSON.stringify(names.rows.map((r) => r.name))}, ${hook.updated_at}, 'migration', 'secrets')`.execute(
      db,
    );
  }
  await sql`UPDATE hooks SET version = (SELECT MAX(v.number) FROM hook_versions v WHERE v.hook_id = hooks.id)
            WHERE version < (SELECT MAX(v.number) FROM hook_versions v WHERE v.hook_id = hooks.id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hook_versions').dropColumn('change').execute();
  await db.schema.alterTable('hook_executions').dropColumn('trace').execute();
}
