import type { Kysely } from 'kysely';

// The tenant log is written on every token exchange, so it keeps only the indexes its lists use,
// each in the lists' order (newest first by log_id, a ULID): an application's events and an
// actor's changes (src/server/db/list-plans.test.ts checks the plans). Ordering by date was never
// used: log_id sorts the same way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('logs_by_date').execute();
  await db.schema.dropIndex('logs_by_client').execute();
  await db.schema
    .createIndex('logs_by_client')
    .on('logs')
    .columns(['client_id', 'log_id'])
    .execute();
  await db.schema.createIndex('logs_by_actor').on('logs').columns(['actor_id', 'log_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('logs_by_actor').execute();
  await db.schema.dropIndex('logs_by_client').execute();
  await db.schema.createIndex('logs_by_client').on('logs').columns(['client_id', 'date']).execute();
  await db.schema.createIndex('logs_by_date').on('logs').column('date').execute();
}
