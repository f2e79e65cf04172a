import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

export type QuotaBucket = 'per_hour' | 'per_day';

/** A client's quota limits, as the token endpoint needs them. */
export interface QuotaLimits {
  enforce: boolean;
  per_hour?: number | undefined;
  per_day?: number | undefined;
}

export interface QuotaUsage {
  bucket: QuotaBucket;
  limit: number;
  /** Tokens counted in the window, this one included. */
  count: number;
  /** Seconds until the window ends. */
  resetIn: number;
}

const WINDOW_SECONDS: Record<QuotaBucket, number> = { per_hour: 3_600, per_day: 86_400 };

/**
 * Token counts per client and quota window, in the store so that every node sharing it counts
 * the same tokens. Windows are UTC hours and UTC days, as Auth0's are
 * (https://auth0.com/docs/fine-grained-m2m-token-quotas-early-access).
 */
export class TokenQuotaRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Counts one token in each window the client has a limit for; returns the counts. */
  async consume(clientId: string, limits: QuotaLimits, now = Date.now()): Promise<QuotaUsage[]> {
    const seconds = Math.floor(now / 1000);
    const usage: QuotaUsage[] = [];
    for (const bucket of ['per_hour', 'per_day'] as const) {
      const limit = limits[bucket];
      if (limit === undefined) continue;
      const size = WINDOW_SECONDS[bucket];
      const windowStart = seconds - (seconds % size);
      // One atomic statement on SQLite and PostgreSQL alike: concurrent nodes never lose a count.
      const row = await this.db
        .insertInto('token_quota_usage')
        .values({ client_id: clientId, bucket, window_start: windowStart, count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['client_id', 'bucket', 'window_start'])
            .doUpdateSet({ count: sql<number>`token_quota_usage.count + 1` }),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      const count = Number(row.count);
      // The first token of a window clears the client's windows that have ended.
      if (count === 1) {
        await this.db
          .deleteFrom('token_quota_usage')
          .where('client_id', '=', clientId)
          .where('bucket', '=', bucket)
          .where('window_start', '<', windowStart)
          .execute();
      }
      usage.push({ bucket, limit, count, resetIn: windowStart + size - seconds });
    }
    return usage;
  }
}

/**
 * Auth0's `Auth0-Client-Quota-Limit` header value: one `b=…;q=…;r=…;t=…` entry per bucket
 * (bucket, quota, remaining, seconds to reset).
 */
export function quotaHeader(usage: QuotaUsage[]): string {
  return usage
    .map((u) => `b=${u.bucket};q=${u.limit};r=${Math.max(0, u.limit - u.count)};t=${u.resetIn}`)
    .join(',');
}
