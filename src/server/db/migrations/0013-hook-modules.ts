import type { Kysely } from 'kysely';

/**
 * A hook's npm modules, exactly: the lock (JSON `{roots, packages}`: versions, integrities,
 * tarball URLs) of the live code on `hooks`, and of each version on `hook_versions`, so that every
 * node installs and runs the same files. Null: the hook uses no npm module.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['hooks', 'hook_versions']) {
    await db.schema.alterTable(table).addColumn('modules_lock', 'text').execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['hooks', 'hook_versions']) {
    await db.schema.alterTable(table).dropColumn('modules_lock').execute();
  }
}
