import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('hooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('trigger_id', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('dependencies', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // At most one enabled hook per extensibility point, whatever the interleaving of writers.
  await sql`CREATE UNIQUE INDEX hooks_one_enabled ON hooks (trigger_id) WHERE enabled = 1`.execute(
    db,
  );

  await db.schema
    .createTable('hook_secrets')
    .addColumn('hook_id', 'text', (c) => c.notNull().references('hooks.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value_enc', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hook_secrets_pk', ['hook_id', 'name'])
    .execute();

  await db.schema
    .createTable('hook_executions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('hook_id', 'text', (c) => c.notNull().references('hooks.id').onDelete('cascade'))
    .addColumn('hook_version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'real', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_name', 'text')
    .addColumn('message', 'text')
    .addColumn('client_id', 'text')
    .addColumn('audience', 'text')
    .addColumn('logs', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('hook_executions_by_hook')
    .on('hook_executions')
    .columns(['hook_id', 'started_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['hook_executions', 'hook_secrets', 'hooks']) {
    await db.schema.dropTable(table).execute();
  }
}
