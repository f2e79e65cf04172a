import type { Kysely } from 'kysely';
import type { LogEvent, LogType } from '@/shared/schemas/log';
import { newUlid } from '../../ids';
import { BatchedWriter } from '../batched-writer';
import { storeHere, type LogRetention, type LogSink } from '../log-batches';
import type { StoreHealth } from '../store-health';
import type { Database, LogTable } from '../schema';
import type { Page, PageRequest } from './paging';

export type NewLogEvent = Omit<LogEvent, 'log_id' | 'date'>;

/** Characters kept of a field a caller controls (client_id, User-Agent, audience, …). */
export const MAX_LOG_FIELD = 256;
/** Characters kept of an event's description (it may quote what the caller sent). */
export const MAX_LOG_DESCRIPTION = 512;

const clip = (value: string, max = MAX_LOG_FIELD) =>
  value.length > max ? `${value.slice(0, max - 1)}…` : value;
const clipOrNull = (value: string | undefined) => (value === undefined ? null : clip(value));

/**
 * The tenant log: management changes and token exchanges. Written in batches through `sink` (a
 * token request never waits for it). Management changes (`sapi`, `fapi`) and token exchanges are
 * kept apart: each type keeps its newest events up to its class's retention, so no number of
 * failed token requests can evict a management change. Fields a caller controls are clipped.
 */
export class LogRepo {
  readonly #writer: BatchedWriter<LogTable>;

  constructor(
    private readonly db: Kysely<Database>,
    {
      retention = {},
      sink = storeHere(db),
      health,
    }: { retention?: Partial<LogRetention>; sink?: LogSink; health?: StoreHealth } = {},
  ) {
    const kept: LogRetention = { admin: 100_000, exchanges: 100_000, ...retention };
    this.#writer = new BatchedWriter(
      (rows) => sink({ table: 'logs', rows, retention: kept }),
      'log events',
      {
        health,
      },
    );
  }

  record(event: NewLogEvent): void {
    this.#writer.push({
      log_id: newUlid(),
      date: new Date().toISOString(),
      type: event.type,
      description: clip(event.description, MAX_LOG_DESCRIPTION),
      ip: clip(event.ip),
      user_agent: clip(event.user_agent),
      client_id: clipOrNull(event.client_id),
      client_name: clipOrNull(event.client_name),
      audience: clipOrNull(event.audience),
      actor_kind: event.actor?.kind ?? null,
      actor_id: clipOrNull(event.actor?.id),
      details: JSON.stringify(event.details),
    });
  }

  flush(): Promise<void> {
    return this.#writer.flush();
  }

  /** Newest first. */
  async list(
    filter: {
      type?: LogType | undefined;
      client_id?: string | undefined;
      actor?: string | undefined;
    },
    { page, per_page }: PageRequest,
  ): Promise<Page<LogEvent>> {
    await this.flush();
    let q = this.db.selectFrom('logs');
    if (filter.type !== undefined) q = q.where('type', '=', filter.type);
    if (filter.client_id !== undefined) q = q.where('client_id', '=', filter.client_id);
    if (filter.actor !== undefined) q = q.where('actor_id', '=', filter.actor);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('log_id', 'desc')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toLogEvent), total: Number(count.n) };
  }
}

function toLogEvent(row: LogTable): LogEvent {
  return {
    log_id: row.log_id,
    date: row.date,
    type: row.type as LogType,
    description: row.description,
    ip: row.ip,
    user_agent: row.user_agent,
    ...(row.client_id !== null && { client_id: row.client_id }),
    ...(row.client_name !== null && { client_name: row.client_name }),
    ...(row.audience !== null && { audience: row.audience }),
    ...(row.actor_kind !== null &&
      row.actor_id !== null && {
        actor: { kind: row.actor_kind as 'user' | 'client', id: row.actor_id },
      }),
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
