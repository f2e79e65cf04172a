import type { Kysely } from 'kysely';

// When a client's secret last changed: Management API tokens issued before it stop working
// (auth/mgmt-guard.ts). Null for clients created before this column: their created_at counts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').addColumn('secret_changed_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clients').dropColumn('secret_changed_at').execute();
}
