import type { Kysely } from 'kysely';
import type { HookExecution, HookExecutionTrace, HookLogLine } from '@/shared/schemas/hook';
import type { Database, HookExecutionTable } from '../schema';
import { BatchedWriter } from '../batched-writer';
import { storeHere, type LogSink } from '../log-batches';
import type { StoreHealth } from '../store-health';
import type { Page, PageRequest } from './paging';

/** How many of a hook's successful token-exchange runs per second are stored as they happen. */
export const SAMPLED_PER_SECOND = 10;
/** A hook's newest successful runs held beyond the sample (the console's Logs panel shows 50). */
export const KEEP_LAST = 50;
/** How often held runs are stored. */
const HELD_FLUSH_MS = 5000;

/** Successful runs of one hook past its per-second sample: built only when stored. */
interface Held {
  second: number;
  /** Stored at once this second. */
  stored: number;
  /** The newest past the sample, oldest first, at most KEEP_LAST. */
  runs: (() => HookExecution)[];
  /** Runs that fell out of `runs` unstored. */
  unstored: number;
}

/**
 * The execution log. Token exchanges must not wait for a write, so executions are buffered and
 * written through `sink` in one transaction every `flushMs`; each hook keeps its newest `retention` executions.
 *
 * Under load, successful token-exchange runs are sampled (recordSuccess): the first
 * SAMPLED_PER_SECOND of a hook each second are stored as they happen; of the rest, the hook's newest
 * KEEP_LAST are held unbuilt and stored when the log is read (list, get), every few seconds and at
 * close, and older ones are only counted (unstoredSuccesses). Failures are always stored. So the
 * history a reader sees is complete for the newest KEEP_LAST runs of each hook.
 */
export class HookExecutionRepo {
  readonly #writer: BatchedWriter<HookExecutionTable>;
  readonly #held = new Map<string, Held>();
  #heldTimer: NodeJS.Timeout | undefined;

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

  /** A successful token-exchange run, sampled under load (see the class); `build` describes it. */
  recordSuccess(hookId: string, build: () => HookExecution): void {
    const second = Math.floor(Date.now() / 1000);
    let held = this.#held.get(hookId);
    if (!held) this.#held.set(hookId, (held = { second, stored: 0, runs: [], unstored: 0 }));
    if (held.second !== second) {
      held.second = second;
      held.stored = 0;
    }
    if (held.stored < SAMPLED_PER_SECOND) {
      held.stored++;
      this.record(build());
      return;
    }
    if (held.runs.push(build) > KEEP_LAST) {
      held.runs.shift();
      held.unstored++;
    }
    this.#heldTimer ??= setTimeout(() => {
      this.#heldTimer = undefined;
      this.#storeHeld();
    }, HELD_FLUSH_MS).unref();
  }

  /** Successful runs of the hook that were counted but not stored (sampled out under load). */
  unstoredSuccesses(hookId: string): number {
    return this.#held.get(hookId)?.unstored ?? 0;
  }

  /** Builds and buffers every held run (of one hook, or of all). */
  #storeHeld(hookId?: string): void {
    for (const [id, held] of this.#held) {
      if (hookId !== undefined && id !== hookId) continue;
      for (const build of held.runs.splice(0)) this.record(build());
    }
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
    this.#storeHeld(hookId);
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
    this.#storeHeld(hookId);
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
    clearTimeout(this.#heldTimer);
    this.#storeHeld();
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
