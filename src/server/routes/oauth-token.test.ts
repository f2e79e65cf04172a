import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTokenEndpoint } from '../oauth/token-endpoint';
import { createTestServer, TEST_ISSUER, type TestServer } from '../testing';

const BOOTSTRAP_SECRET = 'p+ss%word:with/odd=chars&more-0123456789';
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestServer({
    BOOTSTRAP_CLIENT_ID: 'bootstrap-client',
    BOOTSTRAP_CLIENT_SECRET: BOOTSTRAP_SECRET,
  });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: {
      identifier: 'https://api.example',
      token_lifetime: 600,
      scopes: [{ value: 'read:data' }, { value: 'write:data' }, { value: 'admin' }],
    },
  });
  app = await t.createClientWithGrant('https://api.example', ['read:data', 'write:data']);
});
afterAll(() => {
  expect(t.unexpectedErrors).toEqual([]);
  return t.close();
});

const exchange = (
  body: Record<string, string>,
  headers: Record<string, string> = {},
  form = false,
) =>
  t.call('POST', '/oauth/token', {
    body: form ? new URLSearchParams(body) : body,
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded', ...headers } : headers,
  });

const ccBody = (extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: app.clientId,
  client_secret: app.clientSecret,
  audience: 'https://api.example',
  ...extra,
});

async function verify(token: string) {
  const jwks = createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);
  return jwtVerify(token, jwks, { issuer: `${TEST_ISSUER}/`, audience: 'https://api.example' });
}

describe('POST /oauth/token: success', () => {
  it('issues a signed RS256 token with every granted scope (client_secret_post, JSON)', async () => {
    const res = await exchange(ccBody());
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 600,
      scope: 'read:data write:data',
    });

    const { payload, protectedHeader } = await verify(res.body.access_token);
    const kid = (await t.call('GET', '/.well-known/jwks.json')).body.keys.find(
      (k: { alg: string }) => k.alg === 'RS256',
    ).kid;
    expect(protectedHeader).toEqual({ alg: 'RS256', typ: 'JWT', kid });
    expect(payload).toEqual({
      iss: `${TEST_ISSUER}/`,
      sub: `${app.clientId}@clients`,
      aud: 'https://api.example',
      iat: expect.any(Number),
      exp: (payload.iat as number) + 600,
      azp: app.clientId,
      scope: 'read:data write:data',
      gty: 'client-credentials',
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('accepts form bodies and client_secret_basic with RFC 6749 §2.3.1 form-encoding', async () => {
    await t.call('POST', '/api/v2/client-grants', {
      token: admin,
      body: { client_id: 'bootstrap-client', audience: 'https://api.example', scope: ['admin'] },
    });
    const basic = Buffer.from(
      `${encodeURIComponent('bootstrap-client')}:${encodeURIComponent(BOOTSTRAP_SECRET).replace(/%20/g, '+')}`,
    ).toString('base64');
    const res = await exchange(
      { grant_type: 'client_credentials', audience: 'https://api.example' },
      { authorization: `Basic ${basic}` },
      true,
    );
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('admin');
    expect((await verify(res.body.access_token)).payload.sub).toBe('bootstrap-client@clients');
  });

  it('narrows to a requested scope, never widens', async () => {
    const res = await exchange(ccBody({ scope: 'read:data admin unknown' }));
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('read:data');
    expect((await verify(res.body.access_token)).payload.scope).toBe('read:data');
  });

  it.each(['ES256', 'PS256'] as const)('signs with %s when the API asks for it', async (alg) => {
    const identifier = `https://${alg.toLowerCase()}.example`;
    await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: { identifier, signing_alg: alg },
    });
    await t.call('POST', '/api/v2/client-grants', {
      token: admin,
      body: { client_id: app.clientId, audience: identifier, scope: [] },
    });
    const res = await exchange(ccBody({ audience: identifier }));
    expect(res.status).toBe(200);
    expect(decodeProtectedHeader(res.body.access_token).alg).toBe(alg);
    const jwks = createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);
    const { payload } = await jwtVerify(res.body.access_token, jwks, {
      issuer: `${TEST_ISSUER}/`,
      audience: identifier,
      algorithms: [alg],
    });
    expect(payload.scope).toBe('');
  });

  it('reads no database when nothing changed', async () => {
    await exchange(ccBody());
    const before = t.queryCount();
    for (let i = 0; i < 5; i++) expect((await exchange(ccBody())).status).toBe(200);
    // Only the tenant log's batched writer may run meanwhile (its own transaction on its own timer,
    // off the request path): no statement may read or write anything else.
    const writer = (sql: string) => /"logs"/.test(sql) || /^(begin|commit)$/i.test(sql.trim());
    expect(t.queriesSince(before).filter((sql) => !writer(sql))).toEqual([]);
  });
});

describe('POST /oauth/token: changes take effect at once', () => {
  it('follows grant changes, revocation, API lifetime and client deletion', async () => {
    const c = await t.createClientWithGrant('https://api.example', ['read:data']);
    const body = ccBody({ client_id: c.clientId, client_secret: c.clientSecret });
    expect((await exchange(body)).body.scope).toBe('read:data');

    const grantId = (
      await t.call('GET', `/api/v2/client-grants?client_id=${c.clientId}`, { token: admin })
    ).body[0].id;
    await t.call('PATCH', `/api/v2/client-grants/${grantId}`, {
      token: admin,
      body: { scope: ['write:data'] },
    });
    expect((await exchange(body)).body.scope).toBe('write:data');

    await t.call('PATCH', `/api/v2/resource-servers/${encodeURIComponent('https://api.example')}`, {
      token: admin,
      body: { token_lifetime: 60 },
    });
    expect((await exchange(body)).body.expires_in).toBe(60);

    await t.call('DELETE', `/api/v2/client-grants/${grantId}`, { token: admin });
    expect((await exchange(body)).status).toBe(403);

    await t.call('DELETE', `/api/v2/clients/${c.clientId}`, { token: admin });
    expect((await exchange(body)).status).toBe(401);
  });

  it('refuses a client whose grant_types no longer include client_credentials', async () => {
    const c = await t.createClientWithGrant('https://api.example', ['read:data']);
    await t.call('PATCH', `/api/v2/clients/${c.clientId}`, {
      token: admin,
      body: { grant_types: ['authorization_code'] },
    });
    const res = await exchange(ccBody({ client_id: c.clientId, client_secret: c.clientSecret }));
    expect([res.status, res.body]).toEqual([
      403,
      {
        error: 'unauthorized_client',
        error_description: "Grant type 'client_credentials' not allowed for the client.",
      },
    ]);
  });
});

describe('POST /oauth/token: RFC 6749 §5.2 errors', () => {
  const cases: [string, () => ReturnType<typeof exchange>, number, object][] = [
    [
      'missing grant_type',
      () => exchange({ client_id: 'x', client_secret: 'y', audience: 'z' }),
      400,
      { error: 'invalid_request', error_description: 'Missing required parameter: grant_type' },
    ],
    [
      'another grant type',
      () => exchange(ccBody({ grant_type: 'password' })),
      400,
      { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: password' },
    ],
    [
      'an unknown client',
      () => exchange(ccBody({ client_id: 'unknown' })),
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
    ],
    [
      'a wrong secret',
      () => exchange(ccBody({ client_secret: 'wrong' })),
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
    ],
    [
      'no credentials',
      () => exchange({ grant_type: 'client_credentials', audience: 'https://api.example' }),
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
    ],
    [
      'no audience',
      () => exchange(ccBody({ audience: '' })),
      400,
      { error: 'invalid_request', error_description: 'Missing required parameter: audience' },
    ],
    [
      'an unknown audience',
      () => exchange(ccBody({ audience: 'https://unknown.example' })),
      403,
      { error: 'access_denied', error_description: 'Service not found: https://unknown.example' },
    ],
    [
      'two authentication methods',
      () =>
        exchange(ccBody(), {
          authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
        }),
      400,
      {
        error: 'invalid_request',
        error_description:
          'Use one client authentication method: Basic or client_secret in the body, not both',
      },
    ],
    [
      'malformed JSON',
      () =>
        t.call('POST', '/oauth/token', {
          body: '{"grant_type":',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      { error: 'invalid_request', error_description: 'Malformed JSON in request body' },
    ],
    [
      'a JSON array',
      () =>
        t.call('POST', '/oauth/token', {
          body: '[]',
          headers: { 'content-type': 'application/json' },
        }),
      400,
      { error: 'invalid_request', error_description: 'The request body must be a JSON object' },
    ],
    [
      'a non-string parameter',
      () => t.call('POST', '/oauth/token', { body: { ...ccBody(), audience: 5 } }),
      400,
      { error: 'invalid_request', error_description: 'Parameter audience must be a string' },
    ],
    [
      'a repeated parameter',
      () =>
        t.call('POST', '/oauth/token', {
          body: 'grant_type=client_credentials&grant_type=client_credentials',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      400,
      {
        error: 'invalid_request',
        error_description: 'Parameter grant_type is included more than once',
      },
    ],
    [
      'an unsupported content type',
      () =>
        t.call('POST', '/oauth/token', {
          body: 'grant_type=client_credentials',
          headers: { 'content-type': 'text/plain' },
        }),
      400,
      {
        error: 'invalid_request',
        error_description:
          'Content-Type must be application/x-www-form-urlencoded or application/json',
      },
    ],
    [
      'an oversized body',
      () => t.call('POST', '/oauth/token', { body: { ...ccBody(), padding: 'x'.repeat(20_000) } }),
      413,
      { error: 'invalid_request', error_description: 'Request body too large' },
    ],
  ];
  it.each(cases)('answers %s', async (_name, send, status, body) => {
    const res = await send();
    expect([res.status, res.body]).toEqual([status, body]);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('answers 403 access_denied without a grant, in Auth0 words', async () => {
    const c = (
      await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'ungranted' } })
    ).body;
    const res = await exchange(ccBody({ client_id: c.client_id, client_secret: c.client_secret }));
    expect([res.status, res.body]).toEqual([
      403,
      {
        error: 'access_denied',
        error_description:
          'Client is not authorized to access "https://api.example". You need to create a "client-grant" associated to this API.',
      },
    ]);
  });

  it('answers a failed Basic authentication with 401 and a Basic challenge', async () => {
    const wrong = Buffer.from(`${app.clientId}:wrong`).toString('base64');
    const res = await exchange(
      { grant_type: 'client_credentials', audience: 'https://api.example' },
      { authorization: `Basic ${wrong}` },
      true,
    );
    expect([res.status, res.body]).toEqual([
      401,
      { error: 'invalid_client', error_description: 'Client authentication failed' },
    ]);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="tokenhook", charset="UTF-8"');
    const malformed = await exchange(
      { grant_type: 'client_credentials', audience: 'https://api.example' },
      { authorization: 'Basic bm9jb2xvbg==' },
      true,
    );
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toMatch(/^Basic /);
  });
});

describe('/.well-known', () => {
  it('publishes public keys only', async () => {
    const { body } = await t.call('GET', '/.well-known/jwks.json');
    expect(body.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of body.keys) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
        expect(key).not.toHaveProperty(member);
      expect(key).toMatchObject({
        kid: expect.any(String),
        alg: expect.stringMatching(/^(RS256|PS256|ES256)$/),
        use: 'sig',
      });
    }
  });

  it('serves authorization server metadata', async () => {
    const res = await t.call('GET', '/.well-known/openid-configuration');
    expect(res.body).toEqual({
      issuer: `${TEST_ISSUER}/`,
      token_endpoint: `${TEST_ISSUER}/oauth/token`,
      jwks_uri: `${TEST_ISSUER}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      response_types_supported: [],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    const rfc8414 = await t.call('GET', '/.well-known/oauth-authorization-server');
    expect(rfc8414.body).toEqual(res.body);
  });
});

describe('POST /oauth/token: rate limits', () => {
  it('answers 429 with Retry-After after repeated failed authentications, sparing other clients', async () => {
    const limited = await createTestServer({ RATE_LIMIT_TOKEN_FAILURES: '3' });
    try {
      const mgmt = await limited.managementToken(['create:resource_servers']);
      await limited.call('POST', '/api/v2/resource-servers', {
        token: mgmt,
        body: { identifier: 'https://limited.example' },
      });
      const victim = await limited.createClientWithGrant('https://limited.example', []);
      const bystander = await limited.createClientWithGrant('https://limited.example', []);
      const attempt = (c: { clientId: string }, secret: string) =>
        limited.call('POST', '/oauth/token', {
          body: {
            grant_type: 'client_credentials',
            client_id: c.clientId,
            client_secret: secret,
            audience: 'https://limited.example',
          },
        });
      for (let i = 0; i < 3; i++) expect((await attempt(victim, 'guess')).status).toBe(401);
      const blocked = await attempt(victim, victim.clientSecret);
      expect([blocked.status, blocked.body]).toEqual([
        429,
        {
          error: 'too_many_requests',
          error_description: 'Too many failed authentications; retry in 60 s',
        },
      ]);
      expect(blocked.headers.get('retry-after')).toBe('60');
      expect((await attempt(bystander, bystander.clientSecret)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('logs refused requests as one event per client, address and window, with their count', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const endpoint = createTokenEndpoint({
      ...t.services,
      logs: t.services.repos.logs,
      quotas: t.services.repos.tokenQuotas,
      logError: () => {},
      failuresPerMinute: 3,
      now: () => now,
    });
    const attempt = (secret: string, ip = '198.51.100.7') =>
      endpoint({
        contentType: 'application/json',
        body: JSON.stringify(ccBody({ client_secret: secret })),
        authorization: undefined,
        ip,
        userAgent: 'flood',
        host: 'tokenhook.test',
      });
    const before = (
      await t.call('GET', `/api/v2/logs?client_id=${app.clientId}&include_totals=true&per_page=1`, {
        token: admin,
      })
    ).body.total;
    for (let i = 0; i < 3; i++) expect((await attempt('guess')).status).toBe(401);
    for (let i = 0; i < 40; i++) expect((await attempt('guess')).status).toBe(429);
    const during = await t.call(
      'GET',
      `/api/v2/logs?client_id=${app.clientId}&include_totals=true&per_page=50`,
      { token: admin },
    );
    expect(during.body.total).toBe(before + 3);
    now += 61_000;
    expect((await attempt(app.clientSecret, '198.51.100.8')).status).toBe(200);
    const after = await t.call('GET', `/api/v2/logs?client_id=${app.clientId}&per_page=2`, {
      token: admin,
    });
    expect(after.body[1]).toMatchObject({
      type: 'feccft',
      description:
        'Too many failed authentications; retry in 60 s (40 requests refused in this window)',
      ip: '198.51.100.7',
      details: { error: 'too_many_requests', status: 429, count: 40 },
    });
    expect(after.body[0]).toMatchObject({ type: 'seccft', ip: '198.51.100.8' });
  });

  it('counts parallel failures before answering any of them', async () => {
    const endpoint = createTokenEndpoint({
      ...t.services,
      logs: t.services.repos.logs,
      quotas: t.services.repos.tokenQuotas,
      logError: () => {},
      failuresPerMinute: 3,
    });
    const replies = await Promise.all(
      Array.from({ length: 40 }, () =>
        endpoint({
          contentType: 'application/json',
          body: JSON.stringify(ccBody({ client_secret: 'parallel guess' })),
          authorization: undefined,
          ip: '203.0.113.9',
          userAgent: '',
          host: '',
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
  });
});
