/**
 * Two real server processes on a PostgreSQL cluster of their own (the `postgres` project only),
 * which this suite stops, starts and restarts under token load: the nodes stay up, warm clients
 * keep getting tokens, the Management API answers 503 with Retry-After while the database is
 * away and works again after, the change feed comes back with one connection per node, a node
 * started during an outage comes up with the database, and forged notifications are ignored.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { PgCluster, postgresBinDir } from './testing-pg-cluster';
import { freePort, managementCaller, requestToken, ServerProcess, within } from './testing-process';

const ISSUER = 'http://tokenhook.test';
const ADMIN = { id: 'outage-admin', secret: 'outage-admin-secret-0123456789abcdefghij' };
const API = 'https://outage.example';
/** The pool size of a node (openPostgres's default). */
const POOL_SIZE = 10;

const bin = postgresBinDir();
if (!bin) console.warn('store-outage suite skipped: no PostgreSQL server binaries (set PG_BIN)');

let cluster: PgCluster;
let url: string;
const masterKey = randomBytes(32).toString('base64');
const dirs: string[] = [];
const processes: ServerProcess[] = [];
interface Node {
  base: string;
  process: ServerProcess;
}
let nodes: Node[] = [];

async function startNode(extraEnv: Record<string, string> = {}): Promise<Node> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-outage-'));
  dirs.push(dataDir);
  const proc = ServerProcess.start({
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: url,
    MASTER_KEY: masterKey,
    ISSUER_BASE_URL: ISSUER,
    BOOTSTRAP_CLIENT_ID: ADMIN.id,
    BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
    ADMIN_PASSWORD: 'outage-console-password',
    ...extraEnv,
  });
  processes.push(proc);
  return { base: `http://127.0.0.1:${port}`, process: proc };
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Connections a node holds, by application_name (openPostgres and the change feed set it per process). */
async function connectionsOf(node: Node) {
  const pid = node.process.child.pid!;
  return admin(async (client) => {
    const { rows } = await client.query<{ application_name: string; n: string }>(
      'select application_name, count(*) as n from pg_stat_activity where application_name in ($1, $2) group by application_name',
      [`tokenhook:${pid}`, `tokenhook-listen:${pid}`],
    );
    const count = (name: string) => Number(rows.find((r) => r.application_name === name)?.n ?? 0);
    return { pool: count(`tokenhook:${pid}`), listen: count(`tokenhook-listen:${pid}`) };
  });
}

const readiness = async (node: Node) =>
  (await (await fetch(`${node.base}/readyz`)).json()) as { status: string; message?: string };

/** Sends token requests for `client` to every node until stopped; every status is kept. */
function tokenLoad(client: { client_id: string; client_secret: string }, workers = 2) {
  const statuses = new Map<number, number>();
  let running = true;
  const loops = nodes.flatMap((node) =>
    Array.from({ length: workers }, async () => {
      while (running) {
        const res = await requestToken(node.base, client.client_id, client.client_secret, API);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return Object.fromEntries(statuses);
    },
  };
}

describe.skipIf(!bin)('several nodes through PostgreSQL outages', () => {
  let a: ReturnType<typeof managementCaller>;
  let b: ReturnType<typeof managementCaller>;
  let app: { client_id: string; client_secret: string };

  beforeAll(async () => {
    cluster = await PgCluster.create();
    const setup = new pg.Client({ connectionString: cluster.url() });
    await setup.connect();
    await setup.query('CREATE DATABASE tokenhook');
    await setup.end();
    url = cluster.url('tokenhook');
    // Node A refreshes its caches every second, so it does so many times during the outages below;
    // node B keeps the default (60 s), so what reaches it within a second came through the change feed.
    nodes = await Promise.all([startNode({ CACHE_REFRESH_SECONDS: '1' }), startNode()]);
    await Promise.all(nodes.map((n) => n.process.ready(n.base)));
    const mgmt = async (node: Node) =>
      (await requestToken(node.base, ADMIN.id, ADMIN.secret, `${ISSUER}/api/v2/`)).body
        .access_token!;
    a = managementCaller(nodes[0]!.base, await mgmt(nodes[0]!));
    b = managementCaller(nodes[1]!.base, await mgmt(nodes[0]!));
    expect(
      (await a('POST', '/resource-servers', { identifier: API, scopes: [{ value: 'read:data' }] }))
        .status,
    ).toBe(201);
    app = (await a('POST', '/clients', { name: 'warm client' })).body;
    expect(
      (
        await a('POST', '/client-grants', {
          client_id: app.client_id,
          audience: API,
          scope: ['read:data'],
        })
      ).status,
    ).toBe(201);
    // An enabled hook: its warm context runs and its execution log is written through the outages.
    const hook = (
      await a('POST', '/hooks', {
        name: 'outage-hook',
        script: credentialsExchangeSample,
        triggerId: 'credentials-exchange',
      })
    ).body;
    expect((await a('PATCH', `/hooks/${hook.id}`, { enabled: true })).status).toBe(200);
    for (const node of nodes) {
      await within(
        5_000,
        async () =>
          (await requestToken(node.base, app.client_id, app.client_secret, API)).body.scope ===
          'read:data extra',
      );
    }
  }, 90_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => (p.child.exitCode === null ? p.stop() : undefined)));
    await cluster?.destroy();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps issuing tokens through an outage longer than the cache refresh, refuses writes with 503, and works after', async () => {
    const load = tokenLoad(app);
    await cluster.stop();
    for (const node of nodes) {
      await within(10_000, async () => (await readiness(node)).status === 'degraded');
      expect((await readiness(node)).message).toMatch(/^degraded: store unavailable since \d{4}-/);
    }
    for (const call of [a, b]) {
      const write = await call('POST', '/clients', { name: 'during the outage' });
      expect(write.status).toBe(503);
      expect(write.headers.get('retry-after')).toBe('5');
      expect(write.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/^The store is unavailable since /),
        errorCode: 'store_unavailable',
      });
      expect((await call('GET', '/clients')).status).toBe(503);
    }
    // Node A's cache refresh (1 s) runs several times while the database is away.
    await new Promise((r) => setTimeout(r, 4_000));
    await cluster.start();
    for (const node of nodes)
      await within(15_000, async () => (await readiness(node)).status === 'ready');
    const statuses = await load.stop();
    expect(Object.keys(statuses)).toEqual(['200']);

    const after = await a('POST', '/clients', { name: 'after the outage' });
    expect(after.status).toBe(201);
    expect((await b('GET', `/clients/${after.body.client_id}`)).status).toBe(200);
    for (const node of nodes) {
      expect(node.process.child.exitCode).toBeNull();
      expect(node.process.output).toMatch(
        /Store unavailable since .*Tokens are issued from cached state/,
      );
      expect(node.process.output).toMatch(
        /Store available again after [\d.]+ s .*token requests answered meanwhile \(0 refused with 503\)/,
      );
      // One line each way, no stack per request.
      expect(node.process.output.match(/Store unavailable since/g)).toHaveLength(1);
      expect(node.process.output).not.toMatch(/^\s+at /m);
    }
  }, 60_000);

  it('survives a restart under token load, and a revocation afterwards reaches the other node through the change feed', async () => {
    const load = tokenLoad(app);
    await new Promise((r) => setTimeout(r, 500));
    await cluster.restart();
    await new Promise((r) => setTimeout(r, 500));
    for (const node of nodes)
      await within(15_000, async () => (await readiness(node)).status === 'ready');
    const statuses = await load.stop();
    expect(Object.keys(statuses)).toEqual(['200']);
    for (const node of nodes)
      await within(15_000, async () => (await connectionsOf(node)).listen === 1);

    const other = (await a('POST', '/clients', { name: 'revoked after the restart' })).body;
    const grant = await a('POST', '/client-grants', {
      client_id: other.client_id,
      audience: API,
      scope: [],
    });
    expect(grant.status).toBe(201);
    expect(
      (await requestToken(nodes[1]!.base, other.client_id, other.client_secret, API)).status,
    ).toBe(200);
    expect((await a('DELETE', `/client-grants/${grant.body.id}`)).status).toBe(204);
    await within(
      1_500,
      async () =>
        (await requestToken(nodes[1]!.base, other.client_id, other.client_secret, API)).status ===
        403,
    );
  }, 60_000);

  it('holds one change-feed connection per node, and at most pool size + 1 in all, through three outages in a row', async () => {
    for (let round = 0; round < 3; round++) {
      await cluster.stop();
      await new Promise((r) => setTimeout(r, 2_000));
      await cluster.start();
      for (const node of nodes) {
        await within(15_000, async () => (await connectionsOf(node)).listen === 1);
        const held = await connectionsOf(node);
        expect(held.listen).toBe(1);
        expect(held.pool + held.listen).toBeLessThanOrEqual(POOL_SIZE + 1);
      }
    }
    for (const node of nodes) {
      expect(node.process.child.exitCode).toBeNull();
      expect((await requestToken(node.base, app.client_id, app.client_secret, API)).status).toBe(
        200,
      );
    }
  }, 90_000);

  it('ignores forged and malformed notifications and keeps serving', async () => {
    const forged = [
      'not json',
      '{"entity":"all"}',
      `v1.${'A'.repeat(43)}.{"node":"x","change":{"entity":"client","id":"${app.client_id}"}}`,
      `${'['.repeat(3_990)}${']'.repeat(3_990)}`, // NOTIFY payloads stop at 8,000 bytes
      '',
    ];
    await admin(async (client) => {
      for (const payload of forged)
        await client.query('select pg_notify($1, $2)', ['tokenhook_changes', payload]);
    });
    await within(5_000, async () =>
      nodes.every((n) =>
        /Ignored \d+ notification\(s\) on tokenhook_changes/.test(n.process.output),
      ),
    );
    for (const node of nodes) {
      expect(node.process.child.exitCode).toBeNull();
      expect((await requestToken(node.base, app.client_id, app.client_secret, API)).status).toBe(
        200,
      );
    }
  });

  it('starts nodes while the database is down and brings them up, migrating an empty database together, when it answers', async () => {
    await admin((client) => client.query('CREATE DATABASE tokenhook_late'));
    await cluster.stop();
    const lateUrl = cluster.url('tokenhook_late');
    const late = await Promise.all([
      startNode({ DATABASE_URL: lateUrl }),
      startNode({ DATABASE_URL: lateUrl }),
    ]);
    for (const node of late) {
      await within(20_000, async () =>
        /The store is not answering .*retrying in/.test(node.process.output),
      );
      expect(node.process.child.exitCode).toBeNull();
    }
    await cluster.start();
    await Promise.all(late.map((node) => node.process.ready(node.base)));
    for (const node of late) {
      expect(
        (await requestToken(node.base, ADMIN.id, ADMIN.secret, `${ISSUER}/api/v2/`)).status,
      ).toBe(200);
      expect((await connectionsOf(node)).listen).toBe(1);
    }
    await Promise.all(late.map((node) => node.process.stop()));
  }, 60_000);
});
