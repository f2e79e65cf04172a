import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await createTestServer({ TENANT: 'acme' });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
});
afterAll(() => {
  expect(t.unexpectedErrors).toEqual([]);
  return t.close();
});

const create = (body: unknown, token = admin) => t.call('POST', '/api/v2/clients', { token, body });

describe('POST /api/v2/clients', () => {
  it('creates an M2M application with generated credentials (201)', async () => {
    const res = await create({
      name: 'Billing service',
      description: 'Bills',
      client_metadata: { plan: 'full' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9]{32}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
      tenant: 'acme',
      name: 'Billing service',
      description: 'Bills',
      app_type: 'non_interactive',
      is_first_party: true,
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      client_metadata: { plan: 'full' },
    });
  });

  it('generates distinct credentials every time', async () => {
    const a = (await create({ name: 'a' })).body;
    const b = (await create({ name: 'b' })).body;
    expect(a.client_id).not.toBe(b.client_id);
    expect(a.client_secret).not.toBe(b.client_secret);
  });

  it('leaves the secret out for callers without read:client_keys', async () => {
    const token = await t.managementToken(['create:clients', 'read:clients']);
    const created = await create({ name: 'no keys' }, token);
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('client_secret');
    const read = await t.call('GET', `/api/v2/clients/${created.body.client_id}`, { token });
    expect(read.body).not.toHaveProperty('client_secret');
    const list = await t.call('GET', '/api/v2/clients', { token });
    expect(list.body.every((c: object) => !('client_secret' in c))).toBe(true);
  });

  it.each([
    [
      {},
      "Payload validation error: 'Invalid input: expected string, received undefined' on property name.",
    ],
    [
      { name: '' },
      "Payload validation error: 'Too small: expected string to have >=1 characters' on property name.",
    ],
    [
      { name: 'x', description: 'd'.repeat(141) },
      "Payload validation error: 'Too big: expected string to have <=140 characters' on property description.",
    ],
    [
      {
        name: 'x',
        client_metadata: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v'])),
      },
      "Payload validation error: 'must have at most 10 keys' on property client_metadata.",
    ],
    [
      { name: 'x', client_metadata: { k: 'v'.repeat(256) } },
      "Payload validation error: 'Too big: expected string to have <=255 characters' on property client_metadata.k.",
    ],
    [
      { name: 'x', token_endpoint_auth_method: 'none' },
      'Payload validation error: \'Invalid option: expected one of "client_secret_post"|"client_secret_basic"\' on property token_endpoint_auth_method.',
    ],
    [
      { name: 'x', client_id: 'mine' },
      "Payload validation error: 'Additional properties not allowed: client_id'.",
    ],
  ])('rejects %j with 400 naming the field', async (body, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message,
      errorCode: 'invalid_body',
    });
  });
});

describe('GET /api/v2/clients', () => {
  it('pages with include_totals, in creation order', async () => {
    const all = (
      await t.call('GET', '/api/v2/clients?include_totals=true&per_page=100', { token: admin })
    ).body;
    expect(all.total).toBe(all.clients.length);
    const page = await t.call('GET', '/api/v2/clients?include_totals=true&per_page=3&page=1', {
      token: admin,
    });
    expect(page.body).toEqual({
      start: 3,
      limit: 3,
      total: all.total,
      clients: all.clients.slice(3, 6),
    });
    const bare = await t.call('GET', '/api/v2/clients?per_page=3&page=1', { token: admin });
    expect(bare.body).toEqual(all.clients.slice(3, 6));
  });
});

describe('GET/PATCH/DELETE /api/v2/clients/{id}', () => {
  it('reads a client with its secret (read:client_keys)', async () => {
    const created = (await create({ name: 'reader' })).body;
    const res = await t.call('GET', `/api/v2/clients/${created.client_id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created);
  });

  it('answers 404 inexistent_client for an unknown id', async () => {
    for (const [method, path] of [
      ['GET', '/api/v2/clients/nope'],
      ['PATCH', '/api/v2/clients/nope'],
      ['DELETE', '/api/v2/clients/nope'],
      ['POST', '/api/v2/clients/nope/rotate-secret'],
    ] as const) {
      const res = await t.call(method, path, {
        token: admin,
        body: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expect([res.status, res.body]).toEqual([
        404,
        {
          statusCode: 404,
          error: 'Not Found',
          message: 'The client does not exist',
          errorCode: 'inexistent_client',
        },
      ]);
    }
  });

  it('updates fields and keeps the rest (200)', async () => {
    const created = (await create({ name: 'patchable', client_metadata: { a: '1' } })).body;
    const res = await t.call('PATCH', `/api/v2/clients/${created.client_id}`, {
      token: admin,
      body: {
        name: 'patched',
        client_metadata: { b: '2' },
        token_endpoint_auth_method: 'client_secret_basic',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created,
      name: 'patched',
      client_metadata: { b: '2' },
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });

  it('sets a client_secret only with update:client_keys', async () => {
    const created = (await create({ name: 'secretive' })).body;
    const secret = 's'.repeat(40);
    const weak = await t.managementToken(['update:clients']);
    const denied = await t.call('PATCH', `/api/v2/clients/${created.client_id}`, {
      token: weak,
      body: { client_secret: secret },
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: update:client_keys',
      errorCode: 'insufficient_scope',
    });
    const tooShort = await t.call('PATCH', `/api/v2/clients/${created.client_id}`, {
      token: admin,
      body: { client_secret: 'short' },
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.message).toBe(
      "Payload validation error: 'must be at least 32 characters' on property client_secret.",
    );
    const ok = await t.call('PATCH', `/api/v2/clients/${created.client_id}`, {
      token: admin,
      body: { client_secret: secret },
    });
    expect(ok.body.client_secret).toBe(secret);
  });

  it('rotates the secret: the new one works at the token endpoint, the old one no longer does', async () => {
    const api = await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: { identifier: 'https://rotate.example' },
    });
    const created = (await create({ name: 'rotating' })).body;
    await t.call('POST', '/api/v2/client-grants', {
      token: admin,
      body: { client_id: created.client_id, audience: api.body.identifier, scope: [] },
    });
    const exchange = (secret: string) =>
      t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: created.client_id,
          client_secret: secret,
          audience: 'https://rotate.example',
        },
      });
    expect((await exchange(created.client_secret)).status).toBe(200);
    const rotated = await t.call('POST', `/api/v2/clients/${created.client_id}/rotate-secret`, {
      token: admin,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toEqual({
      ...created,
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{64}$/),
    });
    expect(rotated.body.client_secret).not.toBe(created.client_secret);
    expect((await exchange(created.client_secret)).status).toBe(401);
    expect((await exchange(rotated.body.client_secret)).status).toBe(200);
  });

  it('deletes a client (204) and its grants', async () => {
    const created = (await create({ name: 'doomed' })).body;
    const api = await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: { identifier: 'https://doomed.example' },
    });
    const grant = await t.call('POST', '/api/v2/client-grants', {
      token: admin,
      body: { client_id: created.client_id, audience: api.body.identifier, scope: [] },
    });
    const res = await t.call('DELETE', `/api/v2/clients/${created.client_id}`, { token: admin });
    expect([res.status, res.text]).toEqual([204, '']);
    expect(
      (await t.call('GET', `/api/v2/clients/${created.client_id}`, { token: admin })).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v2/client-grants/${grant.body.id}`, { token: admin })).status,
    ).toBe(404);
  });
});

describe('scopes on /api/v2/clients', () => {
  it.each([
    ['GET', '/api/v2/clients', 'read:clients,read:client_keys'],
    ['POST', '/api/v2/clients', 'create:clients'],
    ['GET', '/api/v2/clients/x', 'read:clients,read:client_keys'],
    ['PATCH', '/api/v2/clients/x', 'update:clients'],
    ['DELETE', '/api/v2/clients/x', 'delete:clients'],
    ['POST', '/api/v2/clients/x/rotate-secret', 'update:client_keys'],
  ])('%s %s needs %s', async (method, path, scopes) => {
    const token = await t.managementToken(['read:resource_servers']);
    const res = await t.call(method, path, {
      token,
      body:
        method === 'PATCH' || (method === 'POST' && path === '/api/v2/clients')
          ? { name: 'x' }
          : undefined,
    });
    expect([res.status, res.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: `Insufficient scope, expected any of: ${scopes}`,
        errorCode: 'insufficient_scope',
      },
    ]);
  });
});
