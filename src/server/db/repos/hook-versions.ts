import type { Kysely, Selectable, Transaction } from 'kysely';
import type { HookDraft, HookVersion } from '@/shared/schemas/hook';
import { newUlid } from '../../ids';
import type { Database, HookTable, HookVersionTable } from '../schema';
import type { HookRepo } from './hooks';
import type { Page, PageRequest } from './paging';

type Row = Selectable<HookTable>;

/** The draft as `/hooks/{id}/draft` shows it: the saved draft, or the live script when there is none. */
function toDraft(row: Pick<Row, 'script' | 'draft_script' | 'draft_updated_at'>): HookDraft {
  return row.draft_script === null
    ? { script: row.script, has_draft: false, differs_from_live: false }
    : {
        script: row.draft_script,
        updated_at: row.draft_updated_at ?? undefined,
        has_draft: true,
        differs_from_live: row.draft_script !== row.script,
      };
}

/** What a version records as its change, from what the write changed. */
type VersionChange = 'code' | 'settings' | 'secrets';

/**
 * Records what the hook runs now as the next numbered version, and makes that number the hook's
 * `version` (inside the write's transaction): one counter for the versions list, the execution
 * log and the warm context's key.
 */
export async function recordVersion(
  trx: Transaction<Database>,
  hookId: string,
  actor: string,
  change: VersionChange,
  rolledBackFrom?: number,
) {
  const hook = await trx
    .selectFrom('hooks')
    .selectAll()
    .where('id', '=', hookId)
    .executeTakeFirstOrThrow();
  const last = await trx
    .selectFrom('hook_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('hook_id', '=', hookId)
    .executeTakeFirst();
  const secrets = await trx
    .selectFrom('hook_secrets')
    .select('name')
    .where('hook_id', '=', hookId)
    .orderBy('name')
    .execute();
  const number = Math.max(Number(last?.n ?? 0), hook.version) + 1;
  await trx.updateTable('hooks').set({ version: number }).where('id', '=', hookId).execute();
  await trx
    .insertInto('hook_versions')
    .values({
      id: newUlid(),
      hook_id: hookId,
      number,
      script: hook.script,
      dependencies: hook.dependencies,
      modules_lock: hook.modules_lock,
      timeout_ms: hook.timeout_ms,
      secret_names: JSON.stringify(secrets.map((s) => s.name)),
      created_at: new Date().toISOString(),
      created_by: actor,
      rolled_back_from: rolledBackFrom ?? null,
      change,
    })
    .execute();
}

/** A hook's versions (every write of its code, settings or secrets) and its draft. */
export class HookVersionRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hooks: Pick<HookRepo, 'get'>,
  ) {}

  /** Newest first; the newest is what runs. */
  async versions(
    hookId: string,
    { page, per_page }: PageRequest,
  ): Promise<Page<HookVersion> | undefined> {
    if (!(await this.hooks.get(hookId))) return undefined;
    const q = this.db.selectFrom('hook_versions').where('hook_id', '=', hookId);
    const [rows, count, live] = await Promise.all([
      q
        .selectAll()
        .orderBy('number', 'desc')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      q.select((eb) => eb.fn.max('number').as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map((r) => toVersion(r, Number(live?.n))), total: Number(count.n) };
  }

  /** A version by id or by number. */
  async version(hookId: string, key: string): Promise<HookVersion | undefined> {
    const q = this.db.selectFrom('hook_versions').where('hook_id', '=', hookId);
    const row = await (
      /^\d+$/.test(key) ? q.where('number', '=', Number(key)) : q.where('id', '=', key)
    )
      .selectAll()
      .executeTakeFirst();
    if (!row) return undefined;
    const live = await q.select((eb) => eb.fn.max('number').as('n')).executeTakeFirst();
    return toVersion(row, Number(live?.n));
  }

  /** The saved draft, or the live script when there is none. */
  async draft(hookId: string): Promise<HookDraft | undefined> {
    const row = await this.db
      .selectFrom('hooks')
      .select(['script', 'draft_script', 'draft_updated_at'])
      .where('id', '=', hookId)
      .executeTakeFirst();
    return row && toDraft(row);
  }

  /**
   * Saves a draft; the live hook, and so /oauth/token, are untouched. `precondition` (the
   * draft's `If-Match`) is checked against the draft this transaction replaces.
   */
  async saveDraft(
    hookId: string,
    script: string,
    precondition?: (current: HookDraft) => void,
  ): Promise<HookDraft | undefined> {
    return this.#writeDraft(
      hookId,
      { draft_script: script, draft_updated_at: new Date().toISOString() },
      precondition,
    );
  }

  /** Drops the saved draft (after `precondition`, the draft's `If-Match`). */
  async discardDraft(
    hookId: string,
    precondition?: (current: HookDraft) => void,
  ): Promise<HookDraft | undefined> {
    return this.#writeDraft(hookId, { draft_script: null, draft_updated_at: null }, precondition);
  }

  /** Replaces the draft columns in one transaction, after `precondition` saw the current draft. */
  #writeDraft(
    hookId: string,
    next: { draft_script: string | null; draft_updated_at: string | null },
    precondition?: (current: HookDraft) => void,
  ): Promise<HookDraft | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('hooks')
        .select(['script', 'draft_script', 'draft_updated_at'])
        .where('id', '=', hookId)
        .executeTakeFirst();
      if (!row) return undefined;
      precondition?.(toDraft(row));
      await trx.updateTable('hooks').set(next).where('id', '=', hookId).execute();
      return toDraft({ ...row, ...next });
    });
  }
}

function toVersion(row: Selectable<HookVersionTable>, liveNumber: number): HookVersion {
  return {
    id: row.id,
    hook_id: row.hook_id,
    number: row.number,
    script: row.script,
    dependencies: JSON.parse(row.dependencies) as Record<string, string>,
    timeout_ms: row.timeout_ms,
    secret_names: JSON.parse(row.secret_names) as string[],
    created_at: row.created_at,
    created_by: row.created_by,
    ...(row.rolled_back_from !== null && { rolled_back_from: row.rolled_back_from }),
    change: (row.change ?? 'code') as HookVersion['change'],
    live: row.number === liveNumber,
  };
}
