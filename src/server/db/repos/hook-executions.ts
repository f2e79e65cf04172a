import type { Kysely } from 'kysely';
import type { HookExecution, HookExecutionTrace, HookLogLine } from '@/shared/schemas/hook';
import type { Database, HookExecutionTable } from '../schema';
import { BatchedWriter } from '../batched-writer';
import { storeHere, type LogSink } from '../log-batches';
import type { StoreHealth } from '../store-health';
import type { Page, PageRequest } from './paging';

/**
 * The execution log. Token exchanges must not wait for a write, so executions are buffered and
 * written through `sink` in one transaction every `flushMs`; each hook keeps its newest `retention` executions.
 */
export class HookExecutionRepo {
  readonly #writer: BatchedWriter<HookExecutionTable>;

  constructor(
    private readonly db: Kysely<Database>,
    {
      retention = 1000,
      sink = storeHere(db),
      health,
    }: { retention?: number; sink?: LogSink; health?: StoreHealth } = {},
  ) {
    this.#writer = new BatchedWriter(
      (rows) => sink({ table: 'hook_executions', rows, retention }),
      'hook executions',
      { health },
    );
  }

  record(execution: HookExecution): void {
    this.#writer.push({
      ...execution,
      error_name: execution.error_name ?? null,
      message: execution.message ?? null,
      client_id: execution.client_id ?? null,
      audience: execution.audience ?? null,
      logs: JSON.stringify(execution.logs),
      trace: execution.trace === undefined ? null : JSON.stringify(execution.trace),
    });
  }

  /** One execution of a hook, once what is buffered is stored. */
  async get(hookId: string, id: string): Promise<HookExecution | undefined> {
    await this.flush();
    const row = await this.db
      .selectFrom('hook_executions')
      .selectAll()
      .where('hook_id', '=', hookId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toExecution(row);
  }

  /** Writes what is buffered; resolves once it is stored. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Newest first. */
  async list(hookId: string, { page, per_page }: PageRequest): Promise<Page<HookExecution>> {
    await this.flush();
    const q = this.db.selectFrom('hook_executions').where('hook_id', '=', hookId);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toExecution), total: Number(count.n) };
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

function toExecution(row: HookExecutionTable): HookExecution {
  return {
    id: row.id,
    hook_id: row.hook_id,
    hook_version: row.hook_version,
    source: row.source as HookExecution['source'],
    started_at: row.started_at,
    duration_ms: row.duration_ms,
    outcome: row.outcome as HookExecution['outcome'],
    ...(row.error_name !== null && { error_name: row.error_name }),
    ...(row.message !== null && { message: row.message }),
    ...(row.client_id !== null && { client_id: row.client_id }),
    ...(row.audience !== null && { audience: row.audience }),
    logs: JSON.parse(row.logs) as HookLogLine[],
    ...(row.trace !== null && { trace: JSON.parse(row.trace) as HookExecutionTrace }),
  };
}
