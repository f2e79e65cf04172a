import type { Kysely, Selectable } from 'kysely';
import type { ChangeBus } from '../changes';
import { isUniqueViolation } from '../errors';
import type { Database, SigningKeyTable } from '../schema';

export type SigningKeyRow = Selectable<SigningKeyTable>;

export class SigningKeyRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeBus,
  ) {}

  /** Keys that are published: the current one of each algorithm and those it replaced. */
  async published(): Promise<SigningKeyRow[]> {
    return this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('status', 'in', ['current', 'previous'])
      .orderBy('created_at')
      .execute();
  }

  /**
   * Makes `next` the current key of its algorithm: the current one becomes previous (still
   * published, so tokens it signed verify until they expire) and the previous one is retired.
   */
  async rotate(next: SigningKeyRow): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('signing_keys')
        .set({ status: 'retired' })
        .where('alg', '=', next.alg)
        .where('status', '=', 'previous')
        .execute();
      await trx
        .updateTable('signing_keys')
        .set({ status: 'previous', rotated_at: now })
        .where('alg', '=', next.alg)
        .where('status', '=', 'current')
        .execute();
      await trx.insertInto('signing_keys').values(next).execute();
    });
    this.changes.publish({ entity: 'signing_key', id: next.kid });
  }

  /**
   * Revokes a published key that no longer signs: it leaves the JWKS at once, so tokens it signed
   * stop verifying, and it never signs again. The current key of an algorithm is refused (rotate
   * first, as Auth0 asks). Returns the key as it was, or why not.
   */
  async revoke(kid: string): Promise<SigningKeyRow | 'current' | undefined> {
    const outcome = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('signing_keys')
        .selectAll()
        .where('kid', '=', kid)
        .where('status', 'in', ['current', 'previous'])
        .executeTakeFirst();
      if (!row || row.status === 'current') return row && ('current' as const);
      await trx
        .updateTable('signing_keys')
        .set({ status: 'revoked' })
        .where('kid', '=', kid)
        .execute();
      return row;
    });
    if (outcome && outcome !== 'current') this.changes.publish({ entity: 'signing_key', id: kid });
    return outcome;
  }

  /**
   * Inserts a new current key unless another node got there first; returns whether it won.
   * The partial unique index allows one current key per algorithm.
   */
  async insertCurrent(row: SigningKeyRow): Promise<boolean> {
    try {
      await this.db.insertInto('signing_keys').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    this.changes.publish({ entity: 'signing_key', id: row.kid });
    return true;
  }
}
