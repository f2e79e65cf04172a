import type { Kysely } from 'kysely';

/**
 * Auth0 fields Tokenhook stores as sent (JSON text), the HS256 secret of an API (sealed), and the
 * token counts per client and quota window that every node shares.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['clients', 'resource_servers', 'client_grants']) {
    await db.schema
      .alterTable(table)
      .addColumn('auth0_fields', 'text', (c) => c.notNull().defaultTo('{}'))
      .execute();
  }
  await db.schema.alterTable('resource_servers').addColumn('signing_secret_enc', 'text').execute();
  await db.schema
    .createTable('token_quota_usage')
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('bucket', 'text', (c) => c.notNull())
    .addColumn('window_start', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('token_quota_usage_pk', ['client_id', 'bucket', 'window_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('token_quota_usage').execute();
  await db.schema.alterTable('resource_servers').dropColumn('signing_secret_enc').execute();
  for (const table of ['clients', 'resource_servers', 'client_grants']) {
    await db.schema.alterTable(table).dropColumn('auth0_fields').execute();
  }
}
