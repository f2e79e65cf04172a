import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '@/server/testing';
import { clientCreateSchema, clientSchema } from './schemas/client';
import { clientGrantSchema } from './schemas/client-grant';
import { resourceServerCreateSchema } from './schemas/resource-server';
import type { ApiClient } from './api-client';
import { listAll } from './list-all';

/** listAll against the real Management API (app.request over an in-memory store). */
let t: TestServer;
let api: Pick<ApiClient, 'get'> & { requests: string[] };
const AUDIENCE = 'https://list-all.example';

beforeAll(async () => {
  t = await createTestServer();
  const token = await t.managementToken(['read:clients', 'read:client_grants']);
  const requests: string[] = [];
  api = {
    requests,
    async get(path, schema) {
      requests.push(path);
      const res = await t.call('GET', `/api/v2${path}`, { token });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.text}`);
      return schema.parse(res.body);
    },
  };
  const rs = await t.services.repos.resourceServers.create(
    resourceServerCreateSchema.parse({ identifier: AUDIENCE, scopes: [{ value: 'read:x' }] }),
  );
  for (let i = 0; i < 230; i++) {
    const client = await t.services.repos.clients.create(
      clientCreateSchema.parse({ name: `app ${i}` }),
    );
    if (i % 2 === 0) await t.services.repos.clientGrants.create(client.client_id, rs, ['read:x']);
  }
});
afterAll(() => t.close());

describe('listAll', () => {
  it('reads every page of a list, in the list order, with one request per page', async () => {
    api.requests.length = 0;
    const clients = await listAll(api, '/clients', 'clients', clientSchema);
    const total = (await t.services.repos.clients.list({ page: 0, per_page: 1 }, false)).total;
    expect(clients.length).toBe(total);
    expect(clients.length).toBeGreaterThan(230);
    expect(new Set(clients.map((c) => c.client_id)).size).toBe(clients.length);
    expect(api.requests).toHaveLength(Math.ceil(total / 100));
    const inOrder = [];
    for (let page = 0; page * 100 < total; page++)
      inOrder.push(...(await t.services.repos.clients.list({ page, per_page: 100 }, false)).items);
    expect(clients.map((c) => c.client_id)).toEqual(inOrder.map((c) => c.client_id));
  });

  it('passes filters on to every page', async () => {
    const grants = await listAll(api, '/client-grants', 'client_grants', clientGrantSchema, {
      filter: { audience: AUDIENCE },
    });
    expect(grants).toHaveLength(115);
    expect(grants.every((g) => g.audience === AUDIENCE)).toBe(true);
  });
});
