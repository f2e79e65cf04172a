import type { Kysely } from 'kysely';
import { logTypeSchema, type LogType } from '@/shared/schemas/log';
import type { Database, HookExecutionTable, LogTable } from './schema';

/**
 * How many events of each type the tenant log keeps: management changes (`sapi`, `fapi`) and
 * token exchanges (`seccft`, `feccft`, and any other type) have their own numbers, so one never evicts the other.
 */
export interface LogRetention {
  admin: number;
  exchanges: number;
}

/** Management changes; every other type is kept under `exchanges`. */
const ADMIN_TYPES: ReadonlySet<LogType> = new Set(['sapi', 'fapi']);

/**
 * A batch of rows for one of the two logs written on hot paths (token exchanges, hook runs), with
 * how many rows that log keeps: the tenant log keeps its newest events of each type up to the
 * type's retention, the execution log keeps each hook's newest `retention` runs.
 */
export type LogBatch =
  | { table: 'logs'; rows: LogTable[]; retention: LogRetention }
  | { table: 'hook_executions'; rows: HookExecutionTable[]; retention: number };

/** Stores a batch in one transaction: on this thread, or on the log writer thread (log-writer.ts). */
export type LogSink = (batch: LogBatch) => Promise<void>;

/** The sink that stores batches through `db` on the calling thread (PostgreSQL, in-memory SQLite). */
export const storeHere =
  (db: Kysely<Database>): LogSink =>
  (batch) =>
    storeBatch(db, batch);

/** The one definition of how batched log rows are written and trimmed, whichever thread runs it. */
export function storeBatch(db: Kysely<Database>, batch: LogBatch): Promise<void> {
  return batch.table === 'logs'
    ? storeLogs(db, batch.rows, batch.retention)
    : storeExecutions(db, batch.rows, batch.retention);
}

/** Rows per INSERT: far below every driver's parameter limit. */
const CHUNK = 100;

/** Rows stored per connection and log since that log was last trimmed. */
const sinceTrim = new WeakMap<Kysely<Database>, Record<LogBatch['table'], number>>();

/**
 * Trimming finds its cutoff by walking `retention` index entries (100,000 for the tenant log), so
 * a log is trimmed once it has grown by 1% of its retention rather than after every batch: it
 * holds at most that many rows more than its retention. The first batch after a start trims.
 */
function trimDue(
  db: Kysely<Database>,
  table: LogBatch['table'],
  added: number,
  retention: number,
): boolean {
  const counts = sinceTrim.get(db) ?? { logs: Infinity, hook_executions: Infinity };
  sinceTrim.set(db, counts);
  counts[table] += added;
  if (counts[table] < Math.max(1, Math.floor(retention / 100))) return false;
  counts[table] = 0;
  return true;
}

async function storeLogs(db: Kysely<Database>, rows: LogTable[], retention: LogRetention) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK)
      await trx
        .insertInto('logs')
        .values(rows.slice(i, i + CHUNK))
        .execute();
    if (!trimDue(db, 'logs', rows.length, Math.min(retention.admin, retention.exchanges))) return;
    // Per type, through the (type, log_id) index: each type keeps its newest events.
    for (const type of logTypeSchema.options) {
      const cutoff = await trx
        .selectFrom('logs')
        .select('log_id')
        .where('type', '=', type)
        .orderBy('log_id', 'desc')
        .offset(ADMIN_TYPES.has(type) ? retention.admin : retention.exchanges)
        .limit(1)
        .executeTakeFirst();
      if (cutoff)
        await trx
          .deleteFrom('logs')
          .where('type', '=', type)
          .where('log_id', '<=', cutoff.log_id)
          .execute();
    }
  });
}

async function storeExecutions(
  db: Kysely<Database>,
  rows: HookExecutionTable[],
  retention: number,
) {
  await db.transaction().execute(async (trx) => {
    // A hook deleted since its run takes its executions with it.
    const hookIds = [...new Set(rows.map((r) => r.hook_id))];
    const live = new Set(
      (await trx.selectFrom('hooks').select('id').where('id', 'in', hookIds).execute()).map(
        (r) => r.id,
      ),
    );
    const kept = rows.filter((r) => live.has(r.hook_id));
    for (let i = 0; i < kept.length; i += CHUNK) {
      await trx
        .insertInto('hook_executions')
        .values(kept.slice(i, i + CHUNK))
        .execute();
    }
    if (!trimDue(db, 'hook_executions', kept.length, retention)) return;
    for (const hookId of live) {
      const cutoff = await trx
        .selectFrom('hook_executions')
        .select('started_at')
        .where('hook_id', '=', hookId)
        .orderBy('started_at', 'desc')
        .offset(retention)
        .limit(1)
        .executeTakeFirst();
      if (cutoff) {
        await trx
          .deleteFrom('hook_executions')
          .where('hook_id', '=', hookId)
          .where('started_at', '<=', cutoff.started_at)
          .execute();
      }
    }
  });
}
