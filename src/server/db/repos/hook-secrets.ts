import type { Kysely, Transaction } from 'kysely';
import { MAX_HOOK_SECRETS, SECRET_PLACEHOLDER } from '@/shared/schemas/hook';
import type { SecretBox } from '../../crypto/secret-box';
import { badRequest, conflict, notFound } from '../../errors';
import type { ChangeBus } from '../changes';
import type { Database } from '../schema';
import { recordVersion } from './hook-versions';
import { inexistentHook, secretAad, UNSET_SECRET, type HookRepo } from './hooks';

/** A hook's secrets: write-only; reads show the placeholder. */
export class HookSecretRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
    private readonly box: SecretBox,
    private readonly hooks: Pick<HookRepo, 'get'>,
  ) {}

  async secretNames(hookId: string): Promise<string[] | undefined> {
    if (!(await this.hooks.get(hookId))) return undefined;
    const rows = await this.db
      .selectFrom('hook_secrets')
      .select('name')
      .where('hook_id', '=', hookId)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }

  /** Names of the hook's secrets that have no value yet. */
  async unsetSecretNames(hookId: string): Promise<string[] | undefined> {
    if (!(await this.hooks.get(hookId))) return undefined;
    const rows = await this.db
      .selectFrom('hook_secrets')
      .select('name')
      .where('hook_id', '=', hookId)
      .where('value_enc', '=', UNSET_SECRET)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  }

  /**
   * Adds new secrets: 409 if one exists, 400 past the limit. The placeholder as a value creates
   * the secret without a value: hooks run without it until a real value is set.
   */
  async addSecrets(hookId: string, secrets: Record<string, string>, actor?: string): Promise<void> {
    await this.#writeSecrets(
      hookId,
      async (trx, existing) => {
        const clash = Object.keys(secrets).filter((n) => existing.has(n));
        if (clash.length > 0)
          throw conflict('hook_secret_conflict', `Secret already exists: ${clash.join(', ')}`);
        if (existing.size + Object.keys(secrets).length > MAX_HOOK_SECRETS) {
          throw badRequest(
            `Payload validation error: a hook can have at most ${MAX_HOOK_SECRETS} secrets.`,
          );
        }
        await trx
          .insertInto('hook_secrets')
          .values(
            Object.entries(secrets).map(([name, value]) => ({
              hook_id: hookId,
              name,
              value_enc:
                value === SECRET_PLACEHOLDER
                  ? UNSET_SECRET
                  : this.box.seal(value, secretAad(hookId, name)),
            })),
          )
          .execute();
      },
      actor,
    );
  }

  /** Updates existing secrets: 404 for an unknown name; the placeholder never overwrites a value. */
  async updateSecrets(
    hookId: string,
    secrets: Record<string, string>,
    actor?: string,
  ): Promise<void> {
    await this.#writeSecrets(
      hookId,
      async (trx, existing) => {
        const unknown = Object.keys(secrets).filter((n) => !existing.has(n));
        if (unknown.length > 0)
          throw notFound('inexistent_hook_secret', `Secret not found: ${unknown.join(', ')}`);
        for (const [name, value] of Object.entries(secrets)) {
          if (value === SECRET_PLACEHOLDER) continue; // read back from GET and sent again: keep the real value
          await trx
            .updateTable('hook_secrets')
            .set({ value_enc: this.box.seal(value, secretAad(hookId, name)) })
            .where('hook_id', '=', hookId)
            .where('name', '=', name)
            .execute();
        }
      },
      actor,
    );
  }

  async deleteSecrets(hookId: string, names: string[], actor?: string): Promise<void> {
    await this.#writeSecrets(
      hookId,
      async (trx) => {
        await trx
          .deleteFrom('hook_secrets')
          .where('hook_id', '=', hookId)
          .where('name', 'in', names)
          .execute();
      },
      actor,
    );
  }

  /**
   * Runs a secrets change in a transaction and records it as a version labelled `secrets` (the
   * hook's context holds the values, so it is rebuilt; the code is the previous version's).
   */
  async #writeSecrets(
    hookId: string,
    write: (trx: Transaction<Database>, existing: Set<string>) => Promise<void>,
    actor = 'system',
  ) {
    await this.db.transaction().execute(async (trx) => {
      const hook = await trx
        .selectFrom('hooks')
        .select('version')
        .where('id', '=', hookId)
        .executeTakeFirst();
      if (!hook) throw inexistentHook();
      const rows = await trx
        .selectFrom('hook_secrets')
        .select('name')
        .where('hook_id', '=', hookId)
        .execute();
      await write(trx, new Set(rows.map((r) => r.name)));
      await trx
        .updateTable('hooks')
        .set({ updated_at: new Date().toISOString() })
        .where('id', '=', hookId)
        .execute();
      await recordVersion(trx, hookId, actor, 'secrets');
    });
    this.changes.publish({ entity: 'hook', id: hookId });
  }
}
