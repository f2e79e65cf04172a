import { randomBytes } from 'node:crypto';
import { CompiledQuery, type LogEvent } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCreateSchema } from '@/shared/schemas/client';
import { resourceServerCreateSchema } from '@/shared/schemas/resource-server';
import { SecretBox } from '../crypto/secret-box';
import { ChangeBus } from './changes';
import { migrate, openSqlite } from './connect';
import { ClientGrantRepo } from './repos/client-grants';
import { ClientRepo } from './repos/clients';
import { HookRepo } from './repos/hooks';
import { LogRepo } from './repos/logs';
import { ResourceServerRepo } from './repos/resource-servers';

/**
 * Every list the console reads, with the console's filters, and the token endpoint's
 * lookups, are answered from an index on SQLite, whatever the store's size. EXPLAIN QUERY PLAN of
 * the statements the repositories actually run must show
 *  - no full scan of a table (`SCAN t` without an index); a scan *of an index in its order* that a
 *    LIMIT stops is fine, and so is counting a total over a covering index (SQLite has no cheaper
 *    exact count; bench/scale-bench.mjs times it at full size);
 *  - no sort of the matching rows (`USE TEMP B-TREE FOR ORDER BY`) for a page of a list.
 * The console has no LIKE search on the server (it filters a name search in the browser), so no
 * statement here may scan; the hooks table is the exception: a tenant has a handful of hooks.
 */
const db = openSqlite(':memory:', { log: (event: LogEvent) => void statements.push(event.query) });
let statements: LogEvent['query'][] = [];
const changes = new ChangeBus();
const box = new SecretBox(randomBytes(32));
const repos = {
  clients: new ClientRepo(db, changes, box, 'plans'),
  apis: new ResourceServerRepo(db, changes, box),
  grants: new ClientGrantRepo(db, changes),
  logs: new LogRepo(db),
  hooks: new HookRepo(db, changes, box),
};
const page = { page: 2, per_page: 20 };
let clientId = '';
let audience = '';
let grantId = '';

beforeAll(async () => {
  await migrate(db);
  for (let i = 0; i < 3; i++) {
    const api = await repos.apis.create(
      resourceServerCreateSchema.parse({
        identifier: `https://plans-${i}.example`,
        scopes: [{ value: 'read' }],
      }),
    );
    const client = await repos.clients.create(clientCreateSchema.parse({ name: `plans ${i}` }));
    grantId = (await repos.grants.create(client.client_id, api, ['read'])).id;
    clientId = client.client_id;
    audience = api.identifier;
  }
  repos.logs.record({
    type: 'sapi',
    description: 'create clients',
    ip: '127.0.0.1',
    user_agent: 'test',
    details: {},
  });
  await repos.logs.flush();
  await db.executeQuery(CompiledQuery.raw('ANALYZE')); // plans as a long-running store would have them
});
afterAll(() => db.destroy());

/** The plan of every SELECT that `work` runs, one line per step. */
async function plansOf(work: () => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  statements = [];
  await work();
  const selects = statements.filter((s) => /^select/i.test(s.sql));
  expect(selects.length).toBeGreaterThan(0);
  return Promise.all(
    selects.map(async ({ sql, parameters }) => {
      const { rows } = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`EXPLAIN QUERY PLAN ${sql}`, [...parameters]),
      );
      return { sql, plan: rows.map((r) => r.detail) };
    }),
  );
}

const fullScan = /^SCAN (\w+)$/; // "SCAN t" alone: every row of the table, no index
const sortsRows = /USE TEMP B-TREE FOR ORDER BY/;

/** Asserts the plans read through indexes; returns them for the record. */
async function expectIndexed(work: () => Promise<unknown>) {
  const plans = await plansOf(work);
  for (const { sql, plan } of plans) {
    expect(
      plan.filter((step) => fullScan.test(step)),
      `${sql}\n${plan.join('\n')}`,
    ).toEqual([]);
    if (/\blimit\b/i.test(sql))
      expect(
        plan.filter((step) => sortsRows.test(step)),
        `${sql}\n${plan.join('\n')}`,
      ).toEqual([]);
  }
  return plans;
}

describe('list queries with the console filters use indexes (SQLite)', () => {
  it.each([
    ['APIs page', () => repos.apis.list(page)],
    ['Applications page', () => repos.clients.list(page, false)],
    ['every grant (Test panel)', () => repos.grants.list({}, page)],
    ["an API's grants (Machine to Machine tab)", () => repos.grants.list({ audience }, page)],
    ["an application's grants (APIs tab)", () => repos.grants.list({ client_id: clientId }, page)],
    ['one pair (Test panel run)', () => repos.grants.list({ client_id: clientId, audience }, page)],
    ['grants, checkpoint paging', () => repos.grants.listFrom({}, grantId, 100)],
    ["an API's grants, checkpoint paging", () => repos.grants.listFrom({ audience }, grantId, 100)],
    ['Logs page', () => repos.logs.list({}, page)],
    ['Logs page filtered by type', () => repos.logs.list({ type: 'fapi' }, page)],
    ["an application's logs", () => repos.logs.list({ client_id: clientId }, page)],
    ["an actor's changes", () => repos.logs.list({ actor: clientId }, page)],
  ])('%s', async (_name, work) => {
    await expectIndexed(work);
  });

  it('the token endpoint finds a client, an API and a grant by key', async () => {
    const api = await repos.apis.getByIdentifier(audience);
    await expectIndexed(() => repos.clients.get(clientId, true));
    await expectIndexed(() => repos.apis.getByIdentifier(audience));
    await expectIndexed(() => repos.grants.scopesFor(clientId, api!.id));
  });

  it('the hooks list may scan: a tenant has a handful of hooks', async () => {
    const plans = await plansOf(() =>
      repos.hooks.list({ triggerId: 'credentials-exchange', enabled: true }, page),
    );
    expect(plans.flatMap((p) => p.plan).join('\n')).toMatch(/hooks/);
  });
});
