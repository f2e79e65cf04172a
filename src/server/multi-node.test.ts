/**
 * Two real server processes on one PostgreSQL database (the `postgres` project only): caches are
 * invalidated across nodes within a second, and the invariants hold under concurrent writes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { freshPostgres } from './testing';
import { freePort, managementCaller, requestToken, ServerProcess, within } from './testing-process';

const ISSUER = 'http://tokenhook.test'; // both nodes behind one public name, as behind a load balancer
const ADMIN = { id: 'multi-node-admin', secret: 'multi-node-admin-secret-0123456789abcdef' };
const API = 'https://shared.example';

let nodes: { base: string; process: ServerProcess }[] = [];
let dropDatabase: () => Promise<void>;
const dirs: string[] = [];

beforeAll(async () => {
  const database = await freshPostgres();
  await database.db.destroy(); // the nodes migrate it themselves, both at once
  dropDatabase = database.drop;
  const masterKey = randomBytes(32).toString('base64');
  nodes = await Promise.all(
    [0, 1].map(async () => {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-node-'));
      dirs.push(dataDir);
      const base = `http://127.0.0.1:${port}`;
      const proc = ServerProcess.start({
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        MASTER_KEY: masterKey,
        ISSUER_BASE_URL: ISSUER,
        BOOTSTRAP_CLIENT_ID: ADMIN.id,
        BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
        ADMIN_PASSWORD: 'multi-node-console-password',
      });
      return { base, process: proc };
    }),
  );
  await Promise.all(nodes.map((n) => n.process.ready(n.base)));
}, 60_000);

afterAll(async () => {
  await Promise.all(
    nodes.map((n) => (n.process.child.exitCode === null ? n.process.stop() : undefined)),
  );
  await dropDatabase?.();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const token = requestToken;
const caller = managementCaller;

async function management(base: string) {
  const res = await token(base, ADMIN.id, ADMIN.secret, `${ISSUER}/api/v2/`);
  expect(res.status).toBe(200);
  return res.body.access_token!;
}

describe('two nodes on one PostgreSQL', () => {
  let a: ReturnType<typeof caller>;
  let b: ReturnType<typeof caller>;
  let app: { client_id: string; client_secret: string };

  beforeAll(async () => {
    a = caller(nodes[0]!.base, await management(nodes[0]!.base));
    // A management token issued by node A is accepted by node B (shared keys).
    b = caller(nodes[1]!.base, await management(nodes[0]!.base));
    expect(
      (await a('POST', '/resource-servers', { identifier: API, scopes: [{ value: 'read:data' }] }))
        .status,
    ).toBe(201);
    app = (await a('POST', '/clients', { name: 'shared client' })).body;
    expect(
      (
        await a('POST', '/client-grants', {
          client_id: app.client_id,
          audience: API,
          scope: ['read:data'],
        })
      ).status,
    ).toBe(201);
  });

  it('serves what node A wrote from node B, and keeps one set of signing keys', async () => {
    expect((await b('GET', `/clients/${app.client_id}`)).body.name).toBe('shared client');
    const fromB = await token(nodes[1]!.base, app.client_id, app.client_secret, API);
    expect(fromB.body.scope).toBe('read:data');
    const jwksA = await (await fetch(`${nodes[0]!.base}/.well-known/jwks.json`)).json();
    const jwksB = await (await fetch(`${nodes[1]!.base}/.well-known/jwks.json`)).json();
    expect(jwksB).toEqual(jwksA);
  });

  it('puts a hook enabled through node A in force on node B within 1 s', async () => {
    // Node B has cached "no hook" and the grant by now.
    expect((await token(nodes[1]!.base, app.client_id, app.client_secret, API)).body.scope).toBe(
      'read:data',
    );
    const hook = (
      await a('POST', '/hooks', {
        name: 'shared-hook',
        script: credentialsExchangeSample,
        triggerId: 'credentials-exchange',
      })
    ).body;
    expect((await a('PATCH', `/hooks/${hook.id}`, { enabled: true })).status).toBe(200);
    const took = await within(
      1000,
      async () =>
        (await token(nodes[1]!.base, app.client_id, app.client_secret, API)).body.scope ===
        'read:data extra',
    );
    expect(took).toBeLessThan(1000);
    await a('PATCH', `/hooks/${hook.id}`, { enabled: false });
    await within(
      1000,
      async () =>
        (await token(nodes[1]!.base, app.client_id, app.client_secret, API)).body.scope ===
        'read:data',
    );
  });

  it('revokes a grant through node A on node B within 1 s', async () => {
    const other = (await a('POST', '/clients', { name: 'revoked client' })).body;
    const grant = (
      await a('POST', '/client-grants', { client_id: other.client_id, audience: API, scope: [] })
    ).body;
    expect((await token(nodes[1]!.base, other.client_id, other.client_secret, API)).status).toBe(
      200,
    );
    await a('DELETE', `/client-grants/${grant.id}`);
    await within(
      1000,
      async () =>
        (await token(nodes[1]!.base, other.client_id, other.client_secret, API)).status === 403,
    );
  });

  it('leaves exactly one hook enabled when both nodes enable one of the same point at once', async () => {
    for (let round = 0; round < 5; round++) {
      const h1 = (
        await a('POST', '/hooks', {
          name: `race-a-${round}`,
          script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
          triggerId: 'post-change-password',
        })
      ).body;
      const h2 = (
        await b('POST', '/hooks', {
          name: `race-b-${round}`,
          script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
          triggerId: 'post-change-password',
        })
      ).body;
      const [r1, r2] = await Promise.all([
        a('PATCH', `/hooks/${h1.id}`, { enabled: true }),
        b('PATCH', `/hooks/${h2.id}`, { enabled: true }),
      ]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
      const enabled = (await a('GET', '/hooks?triggerId=post-change-password&enabled=true')).body;
      expect(enabled).toHaveLength(1);
    }
  });

  it('keeps unique constraints under concurrent creates on both nodes', async () => {
    const body = { identifier: 'https://raced.example' };
    const results = await Promise.all([
      a('POST', '/resource-servers', body),
      b('POST', '/resource-servers', body),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});
