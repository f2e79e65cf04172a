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
