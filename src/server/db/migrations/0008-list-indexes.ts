import type { Kysely } from 'kysely';

// Every list the console reads is answered from an index, in the list's own order, so a
// page costs the same with ten rows or with 20,000 (src/server/db/list-plans.test.ts checks the
// plans; bench/scale-bench.mjs times them). Each index ends with the list's ORDER BY columns.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The APIs page: the system API first, then creation order.
  await db.schema
    .createIndex('resource_servers_list')
    .on('resource_servers')
    .columns(['is_system desc', 'created_at', 'id'])
    .execute();
  // Every grant, an API's grants and an application's grants, each in creation order. The API one
  // replaces the plain resource_server_id index (it serves the cascade from resource_servers too).
  await db.schema
    .createIndex('client_grants_list')
    .on('client_grants')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('client_grants_by_api')
    .on('client_grants')
    .columns(['resource_server_id', 'created_at', 'id'])
    .execute();
  await db.schema.dropIndex('client_grants_resource_server').execute();
  await db.schema
    .createIndex('client_grants_by_client')
    .on('client_grants')
    .columns(['client_id', 'created_at', 'id'])
    .execute();
  // The Logs page filtered by type, newest first, and its total.
  await db.schema.createIndex('logs_by_type').on('logs').columns(['type', 'log_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('logs_by_type').execute();
  await db.schema.dropIndex('client_grants_by_client').execute();
  await db.schema
    .createIndex('client_grants_resource_server')
    .on('client_grants')
    .column('resource_server_id')
    .execute();
  await db.schema.dropIndex('client_grants_by_api').execute();
  await db.schema.dropIndex('client_grants_list').execute();
  await db.schema.dropIndex('resource_servers_list').execute();
}
