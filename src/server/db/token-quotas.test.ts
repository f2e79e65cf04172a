import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgres, testStore } from '../testing';
import { migrate, openPostgres, openSqlite } from './connect';
import { quotaHeader, TokenQuotaRepo } from './repos/token-quotas';
import type { Database } from './schema';

/** Two connections to one store, as two nodes have. */
let nodes: [Kysely<Database>, Kysely<Database>];
let cleanup: () => Promise<void>;

beforeAll(async () => {
  if (testStore() === 'postgres') {
    const { db, url, drop } = await freshPostgres();
    await migrate(db);
    nodes = [db, openPostgres(url, { max: 5 })];
    cleanup = async () => {
      await Promise.all(nodes.map((n) => n.destroy()));
      await drop();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-quota-'));
    const file = path.join(dir, 'store.sqlite');
    const first = openSqlite(file);
    await migrate(first);
    nodes = [first, openSqlite(file)];
    cleanup = async () => {
      await Promise.all(nodes.map((n) => n.destroy()));
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
});
afterAll(() => cleanup());

describe('TokenQuotaRepo', () => {
  it('counts the tokens of every node in one window, without losing concurrent counts', async () => {
    const [a, b] = nodes.map((db) => new TokenQuotaRepo(db));
    const limits = { enforce: true, per_hour: 50, per_day: 1000 };
    const now = Date.UTC(2026, 11, 6, 10, 15, 0);
    const runs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a! : b!).consume('client-1', limits, now)),
    );
    const hourly = runs
      .map((usage) => usage.find((u) => u.bucket === 'per_hour')!.count)
      .sort((x, y) => x - y);
    expect(hourly).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const last = await a!.consume('client-1', limits, now);
    expect(quotaHeader(last)).toBe('b=per_hour;q=50;r=9;t=2700,b=per_day;q=1000;r=959;t=49500');
  });

  it('starts a new window each UTC hour and clears the ended ones', async () => {
    const repo = new TokenQuotaRepo(nodes[0]);
    const limits = { enforce: true, per_hour: 2 };
    const hour = Date.UTC(2026, 11, 6, 11, 0, 0);
    await repo.consume('client-2', limits, hour);
    await repo.consume('client-2', limits, hour + 1000);
    expect((await repo.consume('client-2', limits, hour + 2000))[0]).toMatchObject({
      count: 3,
      limit: 2,
    });
    expect((await repo.consume('client-2', limits, hour + 3_600_000))[0]).toMatchObject({
      count: 1,
      resetIn: 3600,
    });
    const rows = await nodes[0]
      .selectFrom('token_quota_usage')
      .selectAll()
      .where('client_id', '=', 'client-2')
      .execute();
    expect(rows).toHaveLength(1);
  });
});
