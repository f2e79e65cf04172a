import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

let t: TestServer;
let admin: string;
let clientId: string;

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: {
      identifier: 'https://grants.example',
      scopes: [{ value: 'read:a' }, { value: 'write:a' }],
    },
  });
  clientId = (await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'grantee' } }))
    .body.client_id;
});
afterAll(() => {
  expect(t.unexpectedErrors).toEqual([]);
  return t.close();
});

const grant = (body: unknown) => t.call('POST', '/api/v2/client-grants', { token: admin, body });

describe('POST /api/v2/client-grants', () => {
  it('authorizes a client on an API for a subset of its scopes (201)', async () => {
    const res = await grant({
      client_id: clientId,
      audience: 'https://grants.example',
      scope: ['read:a'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cgr_[A-Za-z0-9]{16}$/),
      client_id: clientId,
      audience: 'https://grants.example',
      scope: ['read:a'],
    });
  });

  it('answers 409 for a second grant of the same pair', async () => {
    const res = await grant({ client_id: clientId, audience: 'https://grants.example', scope: [] });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A client grant for this client and audience already exists',
      errorCode: 'client_grant_conflict',
    });
  });

  it('answers 404 for an unknown client or audience', async () => {
    const noClient = await grant({
      client_id: 'nope',
      audience: 'https://grants.example',
      scope: [],
    });
    expect([noClient.status, noClient.body]).toEqual([
      404,
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'The client does not exist',
        errorCode: 'inexistent_client',
      },
    ]);
    const noApi = await grant({
      client_id: clientId,
      audience: 'https://nowhere.example',
      scope: [],
    });
    expect([noApi.status, noApi.body]).toEqual([
      404,
      {
        statusCode: 404,
        error: 'Not Found',
        message: "No resource server found by supplied 'audience'",
        errorCode: 'inexistent_resource_server',
      },
    ]);
  });

  it('rejects scopes the API does not define (400)', async () => {
    const other = (
      await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'other' } })
    ).body.client_id;
    const res = await grant({
      client_id: other,
      audience: 'https://grants.example',
      scope: ['read:a', 'admin'],
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        "Payload validation error: scope 'admin' not defined on the resource server https://grants.example.",
      errorCode: 'invalid_body',
    });
  });

  it('rejects a body without scope (400)', async () => {
    const res = await grant({ client_id: clientId, audience: 'https://grants.example' });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Payload validation error: 'Invalid input: expected array, received undefined' on property scope.",
    );
  });
});

describe('GET /api/v2/client-grants', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [];
    for (let i = 0; i < 5; i++) {
      const c = (
        await t.call('POST', '/api/v2/clients', { token: admin, body: { name: `pager ${i}` } })
      ).body.client_id;
      ids.push(
        (await grant({ client_id: c, audience: 'https://grants.example', scope: ['write:a'] })).body
          .id,
      );
    }
  });

  it('filters by client_id and audience', async () => {
    const byClient = await t.call('GET', `/api/v2/client-grants?client_id=${clientId}`, {
      token: admin,
    });
    expect(byClient.body).toEqual([
      {
        id: expect.any(String),
        client_id: clientId,
        audience: 'https://grants.example',
        scope: ['read:a'],
      },
    ]);
    const byAudience = await t.call(
      'GET',
      `/api/v2/client-grants?audience=${encodeURIComponent('https://grants.example')}&include_totals=true`,
      { token: admin },
    );
    expect(byAudience.body.total).toBe(6);
    expect(
      byAudience.body.client_grants.every(
        (g: { audience: string }) => g.audience === 'https://grants.example',
      ),
    ).toBe(true);
  });

  it('pages by offset with include_totals', async () => {
    const all = (await t.call('GET', '/api/v2/client-grants?per_page=100', { token: admin })).body;
    const res = await t.call('GET', '/api/v2/client-grants?include_totals=true&page=1&per_page=2', {
      token: admin,
    });
    expect(res.body).toEqual({
      start: 2,
      limit: 2,
      total: all.length,
      client_grants: all.slice(2, 4),
    });
  });

  it('pages by checkpoint (from + take) through every grant exactly once', async () => {
    const all = (await t.call('GET', '/api/v2/client-grants?per_page=100', { token: admin }))
      .body as { id: string }[];
    const seen: string[] = [];
    let from: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const res = await t.call(
        'GET',
        `/api/v2/client-grants?take=2${from ? `&from=${from}` : ''}`,
        { token: admin },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.client_grants.map((g: { id: string }) => g.id));
      from = res.body.next;
      if (!from) break;
    }
    expect(seen).toEqual(all.map((g) => g.id).sort());
  });
});

describe('GET/PATCH/DELETE /api/v2/client-grants/{id}', () => {
  it('reads, changes the scopes of, and deletes a grant', async () => {
    const c = (
      await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'lifecycle' } })
    ).body.client_id;
    const created = (
      await grant({ client_id: c, audience: 'https://grants.example', scope: ['read:a'] })
    ).body;
    expect(
      (await t.call('GET', `/api/v2/client-grants/${created.id}`, { token: admin })).body,
    ).toEqual(created);

    const patched = await t.call('PATCH', `/api/v2/client-grants/${created.id}`, {
      token: admin,
      body: { scope: ['read:a', 'write:a'] },
    });
    expect([patched.status, patched.body]).toEqual([
      200,
      { ...created, scope: ['read:a', 'write:a'] },
    ]);

    const badScope = await t.call('PATCH', `/api/v2/client-grants/${created.id}`, {
      token: admin,
      body: { scope: ['nope'] },
    });
    expect(badScope.status).toBe(400);
    const moveAudience = await t.call('PATCH', `/api/v2/client-grants/${created.id}`, {
      token: admin,
      body: { scope: [], audience: 'x' },
    });
    expect(moveAudience.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: audience'.",
    );

    const del = await t.call('DELETE', `/api/v2/client-grants/${created.id}`, { token: admin });
    expect([del.status, del.text]).toEqual([204, '']);
    const gone = await t.call('GET', `/api/v2/client-grants/${created.id}`, { token: admin });
    expect([gone.status, gone.body]).toEqual([
      404,
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'The client grant does not exist',
        errorCode: 'inexistent_client_grant',
      },
    ]);
    expect(
      (await t.call('DELETE', `/api/v2/client-grants/${created.id}`, { token: admin })).status,
    ).toBe(404);
    expect(
      (
        await t.call('PATCH', `/api/v2/client-grants/${created.id}`, {
          token: admin,
          body: { scope: [] },
        })
      ).status,
    ).toBe(404);
  });
});

describe('scopes on /api/v2/client-grants', () => {
  it.each([
    ['GET', '/api/v2/client-grants', 'read:client_grants'],
    ['POST', '/api/v2/client-grants', 'create:client_grants'],
    ['GET', '/api/v2/client-grants/x', 'read:client_grants'],
    ['PATCH', '/api/v2/client-grants/x', 'update:client_grants'],
    ['DELETE', '/api/v2/client-grants/x', 'delete:client_grants'],
  ])('%s %s needs %s', async (method, path, scope) => {
    const token = await t.managementToken(['read:clients']);
    const body =
      method === 'POST'
        ? { client_id: 'a', audience: 'b', scope: [] }
        : method === 'PATCH'
          ? { scope: [] }
          : undefined;
    const res = await t.call(method, path, { token, body });
    expect([res.status, res.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: `Insufficient scope, expected any of: ${scope}`,
        errorCode: 'insufficient_scope',
      },
    ]);
  });
});
