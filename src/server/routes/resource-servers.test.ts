import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, MANAGEMENT_AUDIENCE, type TestServer } from '../testing';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
});
afterAll(() => t.close());

const create = (body: unknown, token = admin) =>
  t.call('POST', '/api/v2/resource-servers', { token, body });

describe('POST /api/v2/resource-servers', () => {
  it('creates an API with Auth0 defaults (201)', async () => {
    const res = await create({
      name: 'Orders',
      identifier: 'https://orders.example',
      scopes: [{ value: 'read:orders', description: 'Read orders' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Orders',
      identifier: 'https://orders.example',
      scopes: [{ value: 'read:orders', description: 'Read orders' }],
      signing_alg: 'RS256',
      token_lifetime: 86400,
      token_lifetime_for_web: 7200,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
      is_system: false,
    });
  });

  it('names the API after its identifier when no name is given', async () => {
    const res = await create({ identifier: 'urn:unnamed' });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('urn:unnamed');
  });

  it('answers 409 for a duplicate identifier and keeps the first', async () => {
    await create({ name: 'First', identifier: 'https://dup.example' });
    const res = await create({ name: 'Second', identifier: 'https://dup.example' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A resource server with the same identifier already exists',
      errorCode: 'resource_server_conflict',
    });
    const kept = await t.call(
      'GET',
      `/api/v2/resource-servers/${encodeURIComponent('https://dup.example')}`,
      { token: admin },
    );
    expect(kept.body.name).toBe('First');
  });

  it.each([
    [
      { name: 'x' },
      "Payload validation error: 'Invalid input: expected string, received undefined' on property identifier.",
    ],
    [
      { identifier: 'urn:a', scopes: [{ value: 'has space' }] },
      "Payload validation error: 'must be a scope token without spaces, quotes or backslashes' on property scopes.0.value.",
    ],
    [
      { identifier: 'urn:a', scopes: [{ value: 'a' }, { value: 'a' }] },
      "Payload validation error: 'scope values must be unique' on property scopes.",
    ],
    [
      { identifier: 'urn:a', signing_alg: 'none' },
      'Payload validation error: \'Invalid option: expected one of "RS256"|"PS256"|"ES256"|"HS256"\' on property signing_alg.',
    ],
    [
      { identifier: 'urn:a', token_dialect: 'jwt' },
      'Payload validation error: \'Invalid option: expected one of "access_token"|"access_token_authz"|"rfc9068_profile"|"rfc9068_profile_authz"\' on property token_dialect.',
    ],
    [
      { identifier: 'urn:a', token_lifetime: 0 },
      "Payload validation error: 'Too small: expected number to be >=1' on property token_lifetime.",
    ],
    [
      { identifier: 'urn:a', name: '<script>' },
      "Payload validation error: 'must not contain < or >' on property name.",
    ],
    [
      { identifier: 'urn:a', colour: 'red' },
      "Payload validation error: 'Additional properties not allowed: colour'.",
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

  it('rejects malformed JSON and non-JSON bodies with 400 invalid_body', async () => {
    const malformed = await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: '{"identifier":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Payload validation error: 'Malformed JSON in request body'.",
      errorCode: 'invalid_body',
    });
    const form = await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: new URLSearchParams({ identifier: 'urn:form' }),
    });
    expect(form.status).toBe(400);
    expect(form.body.errorCode).toBe('invalid_body');
  });
});

describe('GET /api/v2/resource-servers', () => {
  it('lists the system Management API first, with its scopes', async () => {
    const res = await t.call('GET', '/api/v2/resource-servers', { token: admin });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body[0]).toMatchObject({
      identifier: MANAGEMENT_AUDIENCE,
      is_system: true,
      name: 'Auth0 Management API',
    });
    expect(res.body[0].scopes.map((s: { value: string }) => s.value)).toEqual(
      managementScopes.map((s) => s.value),
    );
  });

  it('pages with include_totals', async () => {
    const all = (
      await t.call('GET', '/api/v2/resource-servers?include_totals=true&per_page=100', {
        token: admin,
      })
    ).body;
    const page1 = await t.call(
      'GET',
      '/api/v2/resource-servers?include_totals=true&per_page=2&page=1&unknown=1',
      { token: admin },
    );
    expect(page1.status).toBe(200);
    expect(page1.body).toEqual({
      start: 2,
      limit: 2,
      total: all.total,
      resource_servers: all.resource_servers.slice(2, 4),
    });
  });

  it('rejects per_page above 100 with 400 invalid_query_string', async () => {
    const res = await t.call('GET', '/api/v2/resource-servers?per_page=101', { token: admin });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        "Query validation error: 'Too big: expected number to be <=100' on property per_page.",
      errorCode: 'invalid_query_string',
    });
  });
});

describe('GET/PATCH/DELETE /api/v2/resource-servers/{id}', () => {
  it('finds an API by id and by URL-encoded identifier', async () => {
    const created = (await create({ identifier: 'https://find.example/v1' })).body;
    const byId = await t.call('GET', `/api/v2/resource-servers/${created.id}`, { token: admin });
    const byIdentifier = await t.call(
      'GET',
      `/api/v2/resource-servers/${encodeURIComponent('https://find.example/v1')}`,
      { token: admin },
    );
    expect(byId.body).toEqual(created);
    expect(byIdentifier.body).toEqual(created);
  });

  it('answers 404 inexistent_resource_server for an unknown id', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await t.call(method, '/api/v2/resource-servers/000000000000000000000000', {
        token: admin,
        body: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'The resource server does not exist',
        errorCode: 'inexistent_resource_server',
      });
    }
  });

  it('updates editable fields (200) and refuses to change the identifier', async () => {
    const created = (await create({ identifier: 'https://patch.example' })).body;
    const res = await t.call('PATCH', `/api/v2/resource-servers/${created.id}`, {
      token: admin,
      body: { name: 'Renamed', token_lifetime: 3600, signing_alg: 'ES256' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...created,
      name: 'Renamed',
      token_lifetime: 3600,
      signing_alg: 'ES256',
    });
    const immutable = await t.call('PATCH', `/api/v2/resource-servers/${created.id}`, {
      token: admin,
      body: { identifier: 'https://other' },
    });
    expect(immutable.status).toBe(400);
    expect(immutable.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: identifier'.",
    );
  });

  it('removes scopes taken off an API from its grants', async () => {
    const api = (
      await create({
        identifier: 'https://prune.example',
        scopes: [{ value: 'a' }, { value: 'b' }],
      })
    ).body;
    const { clientId } = await t.createClientWithGrant('https://prune.example', ['a', 'b']);
    await t.call('PATCH', `/api/v2/resource-servers/${api.id}`, {
      token: admin,
      body: { scopes: [{ value: 'b' }] },
    });
    const grants = await t.call('GET', `/api/v2/client-grants?client_id=${clientId}`, {
      token: admin,
    });
    expect(grants.body).toEqual([
      {
        id: expect.any(String),
        client_id: clientId,
        audience: 'https://prune.example',
        scope: ['b'],
      },
    ]);
  });

  it('deletes an API (204) with its grants', async () => {
    const api = (await create({ identifier: 'https://delete.example', scopes: [{ value: 'a' }] }))
      .body;
    const { clientId } = await t.createClientWithGrant('https://delete.example', ['a']);
    const res = await t.call('DELETE', `/api/v2/resource-servers/${api.id}`, { token: admin });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(
      (await t.call('GET', `/api/v2/resource-servers/${api.id}`, { token: admin })).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/v2/client-grants?client_id=${clientId}`, { token: admin })).body,
    ).toEqual([]);
  });

  it('keeps the system Management API from being renamed, rescoped or deleted, as Auth0 does', async () => {
    const system = encodeURIComponent(MANAGEMENT_AUDIENCE);
    const patch = await t.call('PATCH', `/api/v2/resource-servers/${system}`, {
      token: admin,
      body: { name: 'Mine', scopes: [] },
    });
    expect([patch.status, patch.body]).toEqual([
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: "Payload validation error: 'Additional properties not allowed: name, scopes'.",
        errorCode: 'invalid_body',
      },
    ]);
    const del = await t.call('DELETE', `/api/v2/resource-servers/${system}`, { token: admin });
    expect([del.status, del.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'The Management API is a system resource server and cannot be changed',
        errorCode: 'operation_not_supported',
      },
    ]);
    const after = await t.call('GET', `/api/v2/resource-servers/${system}`, { token: admin });
    expect(after.body).toMatchObject({ name: 'Auth0 Management API', is_system: true });
  });

  it('answers a PATCH of the system API that changes nothing with the API itself (200)', async () => {
    const system = encodeURIComponent(MANAGEMENT_AUDIENCE);
    const before = await t.call('GET', `/api/v2/resource-servers/${system}`, { token: admin });
    const { id: _id, identifier: _identifier, is_system: _system, ...asRead } = before.body;
    const patch = await t.call('PATCH', `/api/v2/resource-servers/${system}`, {
      token: admin,
      body: asRead,
    });
    expect([patch.status, patch.body]).toEqual([200, before.body]);
  });

  it("changes the system API's token lifetime, the one setting Auth0 lets change", async () => {
    const system = encodeURIComponent(MANAGEMENT_AUDIENCE);
    const patch = await t.call('PATCH', `/api/v2/resource-servers/${system}`, {
      token: admin,
      body: { token_lifetime: 3600 },
    });
    expect([patch.status, patch.body.token_lifetime, patch.body.name]).toEqual([
      200,
      3600,
      'Auth0 Management API',
    ]);
    await t.call('PATCH', `/api/v2/resource-servers/${system}`, {
      token: admin,
      body: { token_lifetime: 86400 },
    });
  });
});

describe('scopes on /api/v2/resource-servers', () => {
  it.each([
    ['GET', '/api/v2/resource-servers', 'read:resource_servers'],
    ['POST', '/api/v2/resource-servers', 'create:resource_servers'],
    ['GET', '/api/v2/resource-servers/x', 'read:resource_servers'],
    ['PATCH', '/api/v2/resource-servers/x', 'update:resource_servers'],
    ['DELETE', '/api/v2/resource-servers/x', 'delete:resource_servers'],
  ])('%s %s needs %s', async (method, path, scope) => {
    const token = await t.managementToken(['read:clients']);
    const res = await t.call(method, path, {
      token,
      body: method === 'GET' || method === 'DELETE' ? undefined : { identifier: 'urn:x' },
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: `Insufficient scope, expected any of: ${scope}`,
      errorCode: 'insufficient_scope',
    });
  });
});

afterAll(() => expect(t.unexpectedErrors).toEqual([]));
