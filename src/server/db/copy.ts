import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** Tables in foreign-key order. Sessions are not copied: admins sign in again after a move. */
export const COPIED_TABLES = [
  'resource_servers',
  'clients',
  'client_grants',
  'signing_keys',
  'hooks',
  'hook_versions',
  'hook_test_cases',
  'hook_secrets',
  'hook_executions',
  'admins',
  'logs',
] as const satisfies readonly (keyof Database)[];

/**
 * Copies every row from one store to another (SQLite → PostgreSQL, or back) in one transaction
 * on the target, which must be migrated and empty. Sealed secrets are copied as they are: the
 * target's nodes need the same master key.
 */
export async function copyStore(
  from: Kysely<Database>,
  to: Kysely<Database>,
): Promise<Record<string, number>> {
  for (const table of COPIED_TABLES) {
    const row = await to
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(row.n) > 0) throw new Error(`The target store is not empty (${table} has rows)`);
  }
  const counts: Record<string, number> = {};
  await to.transaction().execute(async (trx) => {
    for (const table of COPIED_TABLES) {
      const rows = await from.selectFrom(table).selectAll().execute();
      for (let i = 0; i < rows.length; i += 500) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + 500))
          .execute();
      }
      counts[table] = rows.length;
    }
  });
  return counts;
}
