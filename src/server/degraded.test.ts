/**
 * A node whose store is unreachable (the health told so, as a failed query or probe would): tokens
 * from cached state, 503 with Retry-After from the Management API, readiness says so, and the log
 * rows of the outage are stored once the store answers again. The real outages, on PostgreSQL,
 * are in store-outage.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreHealth } from './db/store-health';
import { createTestServer, type TestServer } from './testing';
import { within } from './testing-process';

const API = 'https://degraded.example';
let t: TestServer;
let storeAnswers = true;
const health = new StoreHealth({
  probe: () =>
    storeAnswers
      ? Promise.resolve()
      : Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
  maxStalenessMs: 60_000,
  log: () => undefined,
});
let admin: string;
let warm: { clientId: string; clientSecret: string };
let cold: { clientId: string; clientSecret: string };

const token = (client: { clientId: string; clientSecret: string }) =>
  t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      audience: API,
    },
  });

beforeAll(async () => {
  t = await createTestServer({}, { health });
  admin = await t.managementToken(['read:clients', 'create:clients', 'read:logs']);
  expect(
    (
      await t.call('POST', '/api/v2/resource-servers', {
        token: await t.managementToken(['create:resource_servers']),
        body: { identifier: API },
      })
    ).status,
  ).toBe(201);
  warm = await t.createClientWithGrant(API, []);
  cold = await t.createClientWithGrant(API, [], 'cold');
  expect((await token(warm)).status).toBe(200);
  storeAnswers = false;
  health.suspect();
  await within(2_000, async () => !health.available);
});
afterAll(() => t.close());

describe('while the store is unreachable', () => {
  it('says so on /readyz, and /healthz stays the liveness probe', async () => {
    const ready = await t.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'degraded',
      message: `degraded: store unavailable since ${health.unavailableSince!.toISOString()}`,
      store_unavailable_since: health.unavailableSince!.toISOString(),
    });
    expect((await t.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
  });

  it('answers Management API reads and writes with 503 store_unavailable and Retry-After', async () => {
    for (const [method, body] of [
      ['GET', undefined],
      ['POST', { name: 'during' }],
    ] as const) {
      const res = await t.call(method, '/api/v2/clients', { token: admin, body });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `The store is unavailable since ${health.unavailableSince!.toISOString()}; tokens are still issued, changes are not possible until it is back. Retry later`,
        errorCode: 'store_unavailable',
      });
    }
  });

  it('issues tokens to cached clients through a cache refresh, and answers 503 for what it never cached', async () => {
    t.services.changes.publish({ entity: 'all' }, 'remote'); // the periodic refresh
    expect((await token(warm)).status).toBe(200);
    const refused = await token(cold);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The server cannot issue this token right now; retry later',
    });
    expect(t.unexpectedErrors).toEqual([]);
  });

  it('stores the log rows of the outage once the store answers again', async () => {
    storeAnswers = true;
    await within(10_000, async () => health.available);
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ready' });
    const logs = (await t.call('GET', `/api/v2/logs?client_id=${cold.clientId}`, { token: admin }))
      .body;
    expect(logs.map((e: { type: string; details: unknown }) => [e.type, e.details])).toEqual([
      ['feccft', { error: 'temporarily_unavailable', status: 503 }],
    ]);
    expect((await token(cold)).status).toBe(200);
  });
});
