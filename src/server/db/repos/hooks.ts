import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import {
  type Hook,
  type HookTrigger,
  type hookCreateSchema,
  type hookUpdateSchema,
} from '@/shared/schemas/hook';
import type { SecretBox } from '../../crypto/secret-box';
import { conflict, notFound } from '../../errors';
import { newUlid } from '../../ids';
import type { ChangeBus } from '../changes';
import { isUniqueViolation } from '../errors';
import type { Database, HookTable } from '../schema';
import { recordVersion } from './hook-versions';
import type { Page, PageRequest } from './paging';
import type { ModuleLock } from '../../hooks/modules/install';

type Row = Selectable<HookTable>;
type CreateInput = z.output<typeof hookCreateSchema>;
type UpdateInput = z.output<typeof hookUpdateSchema>;

/** A hook as the runtime needs it: its code, version and decrypted secrets. */
export interface RunnableHook {
  id: string;
  name: string;
  triggerId: HookTrigger;
  script: string;
  version: number;
  timeoutMs: number;
  secrets: Record<string, string>;
  /** Secrets stored without a value (imported as the placeholder): absent from `secrets`. */
  unsetSecrets?: string[];
  /** The exact npm modules of this version (none: the hook uses no module). */
  modulesLock?: ModuleLock | undefined;
}

/**
 * `value_enc` of a secret that has no value: one created with the placeholder, as Auth0's Deploy
 * CLI does when it imports an export (it exports every secret as the placeholder).
 */
export const UNSET_SECRET = '';

/**
 * A hook as the API shows it. Its ETag (`hookEtag`) leaves out the draft's state: saving a draft
 * changes nothing of the hook, so it must not make an editor's `If-Match` on the hook stale.
 */
export function toHookResponse(row: Row): Hook {
  return {
    id: row.id,
    name: row.name,
    script: row.script,
    triggerId: row.trigger_id as HookTrigger,
    enabled: row.enabled === 1,
    dependencies: JSON.parse(row.dependencies) as Record<string, string>,
    timeout_ms: row.timeout_ms,
    version: row.version,
    ...(row.draft_script !== null && {
      draft: {
        ...(row.draft_updated_at !== null && { updated_at: row.draft_updated_at }),
        differs_from_live: row.draft_script !== row.script,
      },
    }),
  };
}

/** What a hook's ETag covers: the hook without its draft's state. */
export function hookEtagBase(hook: Hook): Omit<Hook, 'draft'> {
  const { draft: _draft, ...rest } = hook;
  return rest;
}

/**
 * The write found the hook running other code than the gate compiled and tested (a change landed
 * in between): nothing was written; the caller runs the gate again on what is there now.
 */
export class StaleGateError extends Error {
  constructor() {
    super('The hook changed while its code was being tested');
  }
}

/** A change of a hook: the PATCH fields, and how it goes live. */
export interface HookChange {
  patch: UpdateInput;
  /** The script the gate compiled and tested; the write is refused (StaleGateError) if the hook would run another. */
  tested?: string | undefined;
  /** Checked against the row the transaction updates (`If-Match`). */
  precondition?: ((current: Hook) => void) | undefined;
  /** Clears the saved draft when it is still this script (a deploy: the draft it made live). */
  clearDraftIf?: string | undefined;
  /** A roll back: the version number it copies. */
  rolledBackFrom?: number | undefined;
  /** The npm modules of the code after the change (null: none; undefined: unchanged). */
  modulesLock?: ModuleLock | null | undefined;
  actor?: string | undefined;
}

/** Binds a sealed secret value to its hook and name (the additional data of its encryption). */
export const secretAad = (hookId: string, name: string) => `hook_secret:${hookId}:${name}`;

/** The one-enabled-per-point index refused a write: another node enabled a hook of the point at once. */
const isEnabledRace = (err: unknown) =>
  isUniqueViolation(err) &&
  /hooks_one_enabled|hooks\.trigger_id/.test(
    `${(err as { constraint?: string }).constraint ?? ''} ${String(err)}`,
  );

/**
 * Enabling disables the point's other hook, then enables this one. Two nodes doing that at once
 * (PostgreSQL, READ COMMITTED) cannot both win: the unique index refuses the second, whose retry
 * then sees the first and disables it. The last enable wins, and exactly one stays enabled.
 */
async function retryEnabledRace<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isEnabledRace(err) || attempt >= 5) throw err;
    }
  }
}
const duplicateName = () => conflict('hook_conflict', 'Hook with the same name already exists');
export const inexistentHook = () => notFound('inexistent_hook', 'Hook not found');

export class HookRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
    private readonly box: SecretBox,
  ) {}

  async list(
    filter: { triggerId?: HookTrigger | undefined; enabled?: boolean | undefined },
    { page, per_page }: PageRequest,
  ): Promise<Page<Hook>> {
    let q = this.db.selectFrom('hooks');
    if (filter.triggerId !== undefined) q = q.where('trigger_id', '=', filter.triggerId);
    if (filter.enabled !== undefined) q = q.where('enabled', '=', filter.enabled ? 1 : 0);
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .limit(per_page)
        .offset(page * per_page)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toHookResponse), total: Number(count.n) };
  }

  async get(id: string): Promise<Hook | undefined> {
    const row = await this.db
      .selectFrom('hooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toHookResponse(row);
  }

  /** Creates a hook (version 1); `enabled` enables it in the same transaction, disabling the point's other hook. */
  async create(
    input: CreateInput,
    actor = 'system',
    modulesLock: ModuleLock | null = null,
  ): Promise<Hook> {
    const now = new Date().toISOString();
    const row: Row = {
      id: newUlid(),
      name: input.name,
      script: input.script,
      trigger_id: input.triggerId,
      enabled: 0,
      dependencies: JSON.stringify(input.dependencies),
      version: 0, // the first version's number is set with it
      timeout_ms: input.timeout_ms,
      modules_lock: modulesLock && JSON.stringify(modulesLock),
      draft_script: null,
      draft_updated_at: null,
      created_at: now,
      updated_at: now,
    };
    await retryEnabledRace(() =>
      this.db.transaction().execute(async (trx) => {
        try {
          await trx.insertInto('hooks').values(row).execute();
        } catch (err) {
          if (isUniqueViolation(err)) throw duplicateName();
          throw err;
        }
        await recordVersion(trx, row.id, actor, 'code');
        if (input.enabled) await this.#enable(trx, row.id, row.trigger_id);
      }),
    );
    this.changes.publish({ entity: 'hook', id: row.id });
    return { ...toHookResponse({ ...row, version: 1 }), enabled: input.enabled };
  }

  /**
   * Applies a change in one transaction: checks the precondition and that the hook would run the
   * script the gate tested, writes the fields, enables (disabling the point's other enabled hook),
   * records a version when code or settings change (its number becomes `version`, so the sandbox
   * rebuilds the hook's context) and clears a deployed draft.
   */
  async update(id: string, change: HookChange): Promise<Hook | undefined> {
    const { patch, actor = 'system' } = change;
    const row = await retryEnabledRace(() =>
      this.db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('hooks')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirst();
        if (!current) return undefined;
        change.precondition?.(toHookResponse(current)); // checked against the row this transaction updates
        if (change.tested !== undefined && (patch.script ?? current.script) !== change.tested)
          throw new StaleGateError();
        const values: Partial<Row> = { updated_at: new Date().toISOString() };
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.dependencies !== undefined)
          values.dependencies = JSON.stringify(patch.dependencies);
        if (patch.timeout_ms !== undefined) values.timeout_ms = patch.timeout_ms;
        if (change.modulesLock !== undefined)
          values.modules_lock = change.modulesLock && JSON.stringify(change.modulesLock);
        if (patch.script !== undefined && patch.script !== current.script)
          values.script = patch.script;
        if (patch.enabled === false) values.enabled = 0;
        if (change.clearDraftIf !== undefined && current.draft_script === change.clearDraftIf) {
          values.draft_script = null;
          values.draft_updated_at = null;
        }
        try {
          await trx.updateTable('hooks').set(values).where('id', '=', id).execute();
        } catch (err) {
          if (isUniqueViolation(err) && !isEnabledRace(err)) throw duplicateName();
          throw err;
        }
        if (patch.enabled === true && current.enabled !== 1)
          await this.#enable(trx, id, current.trigger_id);
        const changesScript = values.script !== undefined;
        const changesSettings =
          (patch.dependencies !== undefined && values.dependencies !== current.dependencies) ||
          (patch.timeout_ms !== undefined && patch.timeout_ms !== current.timeout_ms) ||
          (values.modules_lock !== undefined && values.modules_lock !== current.modules_lock);
        if (changesScript || changesSettings || change.rolledBackFrom !== undefined) {
          await recordVersion(
            trx,
            id,
            actor,
            changesScript || change.rolledBackFrom !== undefined ? 'code' : 'settings',
            change.rolledBackFrom,
          );
        }
        return trx.selectFrom('hooks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      }),
    );
    if (!row) return undefined;
    this.changes.publish({ entity: 'hook', id });
    return toHookResponse(row);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('hooks').where('id', '=', id).executeTakeFirst();
    const deleted = Number(result.numDeletedRows) > 0;
    if (deleted) this.changes.publish({ entity: 'hook', id });
    return deleted;
  }

  /** Disables every other hook of the point, then enables this one (the unique index backs it). */
  async #enable(trx: Transaction<Database>, id: string, triggerId: string) {
    await trx
      .updateTable('hooks')
      .set({ enabled: 0 })
      .where('trigger_id', '=', triggerId)
      .where('enabled', '=', 1)
      .execute();
    await trx.updateTable('hooks').set({ enabled: 1 }).where('id', '=', id).execute();
  }

  /** The enabled hook of a point, ready to run, or undefined. */
  async enabledFor(triggerId: HookTrigger): Promise<RunnableHook | undefined> {
    const row = await this.db
      .selectFrom('hooks')
      .selectAll()
      .where('trigger_id', '=', triggerId)
      .where('enabled', '=', 1)
      .executeTakeFirst();
    return row && this.#runnable(row);
  }

  /** Any hook, ready to run (the Runner). */
  async runnable(id: string): Promise<RunnableHook | undefined> {
    const row = await this.db
      .selectFrom('hooks')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && this.#runnable(row);
  }

  async #runnable(row: Row): Promise<RunnableHook> {
    const secrets = await this.db
      .selectFrom('hook_secrets')
      .selectAll()
      .where('hook_id', '=', row.id)
      .execute();
    return {
      id: row.id,
      name: row.name,
      triggerId: row.trigger_id as HookTrigger,
      script: row.script,
      version: row.version,
      timeoutMs: row.timeout_ms,
      secrets: Object.fromEntries(
        secrets
          .filter((s) => s.value_enc !== UNSET_SECRET)
          .map((s) => [s.name, this.box.open(s.value_enc, secretAad(row.id, s.name))]),
      ),
      unsetSecrets: secrets.filter((s) => s.value_enc === UNSET_SECRET).map((s) => s.name),
      ...(row.modules_lock !== null && { modulesLock: JSON.parse(row.modules_lock) as ModuleLock }),
    };
  }
}
