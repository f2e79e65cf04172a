import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hook_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hook_id', 'text', (c) => c.notNull().references('hooks.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('secret_names', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('rolled_back_from', 'integer')
    .addUniqueConstraint('hook_versions_number', ['hook_id', 'number'])
    .execute();
  await db.schema.alterTable('hooks').addColumn('draft_script', 'text').execute();
  await db.schema.alterTable('hooks').addColumn('draft_updated_at', 'text').execute();
  // Hooks created before versions existed start their history at version 1.
  await sql`INSERT INTO hook_versions (id, hook_id, number, script, dependencies, timeout_ms, secret_names, created_at, created_by)
            SELECT id || '-v1', id, 1, script, dependencies, timeout_ms, '[]', updated_at, 'migration' FROM hooks`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hooks').dropColumn('draft_updated_at').execute();
  await db.schema.alterTable('hooks').dropColumn('draft_script').execute();
  await db.schema.dropTable('hook_versions').execute();
}
