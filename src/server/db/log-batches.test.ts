import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HookExecution } from '@/shared/schemas/hook';
import { migrate, openSqlite } from './connect';
import { storeHere, type LogSink } from './log-batches';
import { LogWriterThread } from './log-writer';
import { HookExecutionRepo, KEEP_LAST, SAMPLED_PER_SECOND } from './repos/hook-executions';
import { LogRepo } from './repos/logs';
import type { Database } from './schema';

/**
 * The two logs written on hot paths keep bounded retention, whichever thread stores them: this
 * thread (PostgreSQL, in-memory SQLite) or the log writer thread beside a SQLite file.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-logs-'));
const file = path.join(dir, 'store.sqlite');
let db: Kysely<Database>;
let writer: LogWriterThread;

beforeAll(async () => {
  db = openSqlite(file);
  await migrate(db);
  writer = await LogWriterThread.start(file);
});
afterAll(async () => {
  await writer.close();
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

const event = (n: number) => ({
  type: 'seccft' as const,
  description: `exchange ${n}`,
  ip: '127.0.0.1',
  user_agent: 'test',
  details: { n },
});

let hookSeq = 0;
async function newHook(): Promise<string> {
  const id = `hook-${++hookSeq}`;
  const now = new Date().toISOString();
  await db
    .insertInto('hooks')
    .values({
      id,
      name: id,
      script: '',
      trigger_id: 'credentials-exchange',
      enabled: 0,
      dependencies: '{}',
      version: 1,
      timeout_ms: 5000,
      draft_script: null,
      draft_updated_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

const execution = (hookId: string, n: number): HookExecution => ({
  id: `${hookId}-run-${String(n).padStart(3, '0')}`,
  hook_id: hookId,
  hook_version: 1,
  source: 'exchange',
  started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  duration_ms: 1,
  outcome: 'success',
  logs: [{ level: 'log', message: `run ${n}` }],
});

describe.each([
  ['on this thread', () => storeHere(db)],
  ['on the log writer thread', () => writer.sink],
] satisfies Array<[string, () => LogSink]>)('log batches stored %s', (_where, sink) => {
  it('the tenant log keeps its newest `retention` events', async () => {
    const logs = new LogRepo(db, { retention: { exchanges: 10 }, sink: sink() });
    const before = (await logs.list({}, { page: 0, per_page: 100 })).total;
    for (let n = 0; n < 25; n++) {
      logs.record(event(n));
      if (n % 10 === 9) await logs.flush();
    }
    await logs.flush();
    const page = await logs.list({}, { page: 0, per_page: 100 });
    expect(before).toBeLessThanOrEqual(10);
    expect(page.total).toBe(10);
    expect(page.items.map((e) => e.description)).toEqual(
      Array.from({ length: 10 }, (_, i) => `exchange ${24 - i}`),
    );
  });

  it('each hook keeps its newest `retention` executions, and a deleted hook takes its runs with it', async () => {
    const runs = new HookExecutionRepo(db, { retention: 3, sink: sink() });
    const [a, b, gone] = [await newHook(), await newHook(), await newHook()];
    for (let n = 0; n < 5; n++) for (const hook of [a, b, gone]) runs.record(execution(hook, n));
    await db.deleteFrom('hooks').where('id', '=', gone).execute();
    await runs.flush();
    for (const hook of [a, b]) {
      const page = await runs.list(hook, { page: 0, per_page: 10 });
      expect(page.items.map((r) => r.id)).toEqual([4, 3, 2].map((n) => `${hook}-run-00${n}`));
      expect(page.items[0]!.logs).toEqual([{ level: 'log', message: 'run 4' }]);
    }
    expect((await runs.list(gone, { page: 0, per_page: 10 })).total).toBe(0);
  });
});

describe('the log writer thread', () => {
  it('trims a large log once it has grown by 1% of its retention, not after every batch', async () => {
    const logs = new LogRepo(db, {
      retention: { admin: 1000, exchanges: 1000 },
      sink: writer.sink,
    });
    const count = async () => (await logs.list({}, { page: 0, per_page: 1 })).total;
    for (let n = 0; n < 1005; n++) logs.record(event(n));
    await logs.flush();
    expect(await count()).toBe(1000); // the first batch after a start trims
    for (let n = 0; n < 5; n++) logs.record(event(n));
    await logs.flush();
    expect(await count()).toBe(1005); // 5 rows: less than 1% over
    for (let n = 0; n < 5; n++) logs.record(event(n));
    await logs.flush();
    expect(await count()).toBe(1000);
  });

  it('writes while this thread runs transactions that read, then write: neither side fails as busy', async () => {
    await sql`create table if not exists counters (name text primary key, n integer not null)`.execute(
      db,
    );
    await sql`insert or ignore into counters (name, n) values ('c', 0)`.execute(db);
    const logs = new LogRepo(db, { sink: writer.sink });
    const bumps = 200;
    const bump = () =>
      db.transaction().execute(async (trx) => {
        const { n } = await trx
          .selectFrom('counters' as never)
          .select(sql<number>`n`.as('n'))
          .executeTakeFirstOrThrow();
        await sql`update counters set n = ${n + 1} where name = 'c'`.execute(trx);
      });
    const writes = (async () => {
      for (let round = 0; round < 40; round++) {
        for (let n = 0; n < 50; n++) logs.record(event(n));
        await logs.flush();
      }
    })();
    for (let i = 0; i < bumps; i++) {
      await bump();
      await new Promise((r) => setImmediate(r));
    }
    await writes;
    const { rows } = await sql<{ n: number }>`select n from counters where name = 'c'`.execute(db);
    expect(rows[0]!.n).toBe(bumps);
  });

  it('reports a batch it cannot store, and stores the next one', async () => {
    const row = {
      log_id: 'broken',
      date: new Date().toISOString(),
      type: 'seccft',
      description: null,
      ip: '',
      user_agent: '',
      client_id: null,
      client_name: null,
      audience: null,
      actor_kind: null,
      actor_id: null,
      details: '{}',
    };
    await expect(
      writer.sink({ table: 'logs', rows: [row as never], retention: { admin: 10, exchanges: 10 } }),
    ).rejects.toThrow(/NOT NULL/);
    const logs = new LogRepo(db, { sink: writer.sink });
    logs.record(event(99));
    await logs.flush();
    expect((await logs.list({}, { page: 0, per_page: 1 })).items[0]!.description).toBe(
      'exchange 99',
    );
  });

  it('refuses batches once closed', async () => {
    const other = await LogWriterThread.start(file);
    await other.close();
    await expect(
      other.sink({ table: 'logs', rows: [], retention: { admin: 1, exchanges: 1 } }),
    ).rejects.toThrow(/closed/);
  });
});

describe('the tenant log under a flood', () => {
  it('keeps management changes apart: failed token requests never evict them', async () => {
    const logs = new LogRepo(db, { retention: { admin: 100, exchanges: 10 }, sink: writer.sink });
    for (let n = 0; n < 5; n++)
      logs.record({
        type: 'sapi',
        description: `change ${n}`,
        ip: '',
        user_agent: '',
        actor: { kind: 'user', id: 'ops' },
        details: {},
      });
    await logs.flush();
    for (let n = 0; n < 50; n++) logs.record({ ...event(n), type: 'feccft' });
    await logs.flush();
    for (let n = 0; n < 50; n++) logs.record({ ...event(n), type: 'feccft' });
    await logs.flush();
    expect((await logs.list({ type: 'sapi' }, { page: 0, per_page: 100 })).total).toBe(5);
    expect((await logs.list({ type: 'feccft' }, { page: 0, per_page: 100 })).total).toBe(10);
    await db.deleteFrom('logs').where('type', 'in', ['sapi', 'feccft']).execute();
  });

  it('clips the fields a caller controls', async () => {
    const logs = new LogRepo(db, { sink: writer.sink });
    const long = 'x'.repeat(20_000);
    logs.record({
      type: 'feccft',
      description: `Service not found: ${long}`,
      ip: '127.0.0.1',
      user_agent: long,
      client_id: long,
      audience: long,
      details: {},
    });
    await logs.flush();
    const [stored] = (await logs.list({ type: 'feccft' }, { page: 0, per_page: 1 })).items;
    expect(stored!.client_id).toHaveLength(256);
    expect(stored!.user_agent).toHaveLength(256);
    expect(stored!.audience).toHaveLength(256);
    expect(stored!.description).toHaveLength(512);
    expect(stored!.client_id!.endsWith('…')).toBe(true);
    await db.deleteFrom('logs').where('type', '=', 'feccft').execute();
  });
});

/** A run of `hookId` numbered `n` (in milliseconds after a fixed start, so ids and times order alike). */
const sampledRun = (hookId: string, n: number, outcome: 'success' | 'error'): HookExecution => ({
  id: `${hookId}-run-${String(n).padStart(4, '0')}`,
  hook_id: hookId,
  hook_version: 1,
  source: 'exchange',
  started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, n)).toISOString(),
  duration_ms: 1,
  outcome,
  logs: [],
});

describe('sampled successes of token exchanges', () => {
  it('stores every failure and the newest successes, and builds only what it stores', async () => {
    const repo = new HookExecutionRepo(db);
    const hookId = await newHook();
    let built = 0;
    const runs = 400;
    for (let n = 0; n < runs; n++) {
      if (n % 50 === 7) repo.record(sampledRun(hookId, n, 'error'));
      else
        repo.recordSuccess(hookId, () => {
          built++;
          return sampledRun(hookId, n, 'success');
        });
    }
    const page = await repo.list(hookId, { page: 0, per_page: 1000 });
    const ids = new Set(page.items.map((e) => e.id));
    // The history is complete for the newest KEEP_LAST runs.
    for (let n = runs - KEEP_LAST; n < runs; n++)
      expect(ids.has(`${hookId}-run-${String(n).padStart(4, '0')}`)).toBe(true);
    // Every failure is there.
    const failures = page.items.filter((e) => e.outcome === 'error');
    expect(failures).toHaveLength(runs / 50);
    // Not every success was stored (or even described): the rest are counted.
    expect(page.total).toBeLessThan(runs);
    expect(built).toBe(page.total - failures.length);
    expect(repo.unstoredSuccesses(hookId)).toBe(runs - runs / 50 - built);
    await repo.close();
  });

  it('stores every success of a hook below the per-second sample as it happens', async () => {
    const repo = new HookExecutionRepo(db);
    const hookId = await newHook();
    for (let n = 0; n < SAMPLED_PER_SECOND; n++)
      repo.recordSuccess(hookId, () => sampledRun(hookId, n, 'success'));
    await repo.flush();
    const rows = await db
      .selectFrom('hook_executions')
      .where('hook_id', '=', hookId)
      .select('id')
      .execute();
    expect(rows).toHaveLength(SAMPLED_PER_SECOND);
    await repo.close();
  });

  it('finds a held run by id, as the token response names it', async () => {
    const repo = new HookExecutionRepo(db);
    const hookId = await newHook();
    for (let n = 0; n < SAMPLED_PER_SECOND + 5; n++)
      repo.recordSuccess(hookId, () => sampledRun(hookId, n, 'success'));
    const last = `${hookId}-run-${String(SAMPLED_PER_SECOND + 4).padStart(4, '0')}`;
    expect((await repo.get(hookId, last))?.id).toBe(last);
    await repo.close();
  });
});
