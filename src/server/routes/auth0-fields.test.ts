import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, TEST_ISSUER, type TestServer } from '../testing';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
});
afterAll(() => t.close());

const post = (path: string, body: unknown) =>
  t.call('POST', `/api/v2${path}`, { token: admin, body });
const patch = (path: string, body: unknown) =>
  t.call('PATCH', `/api/v2${path}`, { token: admin, body });
const get = (path: string) => t.call('GET', `/api/v2${path}`, { token: admin });

async function token(clientId: string, clientSecret: string, audience: string) {
  return t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    },
  });
}

/** An API with one scope and an application granted it. */
async function apiWithClient(api: Record<string, unknown>, client: Record<string, unknown> = {}) {
  const created = await post('/resource-servers', { scopes: [{ value: 'read:x' }], ...api });
  expect(created.status).toBe(201);
  const app = await post('/clients', { name: `app ${String(api.identifier)}`, ...client });
  expect(app.status).toBe(201);
  const grant = await post('/client-grants', {
    client_id: app.body.client_id,
    audience: api.identifier,
    scope: ['read:x'],
  });
  expect(grant.status).toBe(201);
  return {
    api: created.body,
    clientId: app.body.client_id as string,
    clientSecret: app.body.client_secret as string,
  };
}

/** Serves the JWKS from the app itself, so stock verifiers fetch it as they would over HTTP. */
const appFetch = async (url: string, init: RequestInit) =>
  t.app.request(new URL(url).pathname, init);

describe("Auth0's client fields", () => {
  const webApp = {
    name: 'Web App',
    app_type: 'regular_web',
    allowed_clients: [],
    allowed_logout_urls: ['https://app.example/logout'],
    callbacks: ['https://app.example/callback'],
    client_aliases: [],
    custom_login_page_on: true,
    cross_origin_authentication: false,
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    is_token_endpoint_ip_header_trusted: false,
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
    native_social_login: { apple: { enabled: false }, facebook: { enabled: false } },
    oidc_conformant: true,
    organization_usage: 'deny',
    refresh_token: { rotation_type: 'non-rotating', expiration_type: 'non-expiring' },
    logo_uri: 'https://app.example/logo.png',
    sso_disabled: false,
    web_origins: ['https://app.example'],
  };

  it('stores them as sent and returns them on read and after a PATCH', async () => {
    const created = await post('/clients', webApp);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(webApp);
    const id = created.body.client_id as string;
    expect((await get(`/clients/${id}`)).body).toMatchObject(webApp);
    const changed = await patch(`/clients/${id}`, {
      callbacks: ['https://app.example/cb2'],
      sso_disabled: true,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      ...webApp,
      callbacks: ['https://app.example/cb2'],
      sso_disabled: true,
    });
  });

  it("still refuses a field that is not Auth0's, naming it", async () => {
    const res = await post('/clients', { name: 'x', colour: 'red' });
    expect([res.status, res.body.message]).toEqual([
      400,
      "Payload validation error: 'Additional properties not allowed: colour'.",
    ]);
  });
});

describe("Auth0's grant fields", () => {
  it('keeps subject_type client and organization settings, and refuses subject_type user', async () => {
    await post('/resource-servers', {
      identifier: 'https://grants.example',
      scopes: [{ value: 'a' }],
    });
    const app = await post('/clients', { name: 'grantee' });
    const body = {
      client_id: app.body.client_id,
      audience: 'https://grants.example',
      scope: ['a'],
    };
    const user = await post('/client-grants', { ...body, subject_type: 'user' });
    expect([user.status, user.body.message]).toEqual([
      400,
      "Payload validation error: 'subject_type user is not supported: Tokenhook issues tokens to clients only' on property subject_type.",
    ]);
    const created = await post('/client-grants', {
      ...body,
      subject_type: 'client',
      organization_usage: 'deny',
      allow_any_organization: false,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      ...body,
      subject_type: 'client',
      organization_usage: 'deny',
      allow_any_organization: false,
    });
    const changed = await patch(`/client-grants/${created.body.id}`, {
      scope: [],
      organization_usage: 'allow',
    });
    expect(changed.body).toEqual({ ...created.body, scope: [], organization_usage: 'allow' });
  });
});

describe('allow_all_scopes', () => {
  it('grants every scope the API defines, without a scope list, including scopes added later', async () => {
    await post('/resource-servers', {
      identifier: 'https://all.example',
      scopes: [{ value: 'a' }, { value: 'b' }],
    });
    const app = await post('/clients', { name: 'all-scopes' });
    const grant = await post('/client-grants', {
      client_id: app.body.client_id,
      audience: 'https://all.example',
      allow_all_scopes: true,
    });
    expect([grant.status, grant.body]).toEqual([
      201,
      {
        id: expect.any(String),
        client_id: app.body.client_id,
        audience: 'https://all.example',
        scope: [],
        allow_all_scopes: true,
      },
    ]);
    const first = await token(app.body.client_id, app.body.client_secret, 'https://all.example');
    expect(first.body.scope).toBe('a b');
    await patch(`/resource-servers/${encodeURIComponent('https://all.example')}`, {
      scopes: [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
    });
    const later = await token(app.body.client_id, app.body.client_secret, 'https://all.example');
    expect(later.body.scope).toBe('a b c');
  });
});

describe('token_dialect', () => {
  it('access_token_authz adds the permissions claim', async () => {
    const { clientId, clientSecret } = await apiWithClient({
      identifier: 'https://authz.example',
      token_dialect: 'access_token_authz',
    });
    const res = await token(clientId, clientSecret, 'https://authz.example');
    const jwks = createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token, jwks, {
      issuer: `${TEST_ISSUER}/`,
      audience: 'https://authz.example',
    });
    expect(protectedHeader.typ).toBe('JWT');
    expect(payload).toMatchObject({
      azp: clientId,
      scope: 'read:x',
      permissions: ['read:x'],
      gty: 'client-credentials',
    });
  });

  it.each(['rfc9068_profile', 'rfc9068_profile_authz'])(
    '%s issues RFC 9068 tokens that oauth4webapi validates',
    async (dialect) => {
      const identifier = `https://${dialect}.example`;
      const { clientId, clientSecret } = await apiWithClient({
        identifier,
        token_dialect: dialect,
      });
      const res = await token(clientId, clientSecret, identifier);
      expect(res.status).toBe(200);
      expect(decodeProtectedHeader(res.body.access_token).typ).toBe('at+jwt');
      const as: oauth.AuthorizationServer = {
        issuer: `${TEST_ISSUER}/`,
        jwks_uri: `${TEST_ISSUER}/.well-known/jwks.json`,
      };
      const request = new Request('https://rs.example/', {
        headers: { authorization: `Bearer ${res.body.access_token}` },
      });
      const claims = await oauth.validateJwtAccessToken(as, request, identifier, {
        [oauth.customFetch]: appFetch,
        [oauth.allowInsecureRequests]: true,
      });
      expect(claims).toMatchObject({
        client_id: clientId,
        sub: `${clientId}@clients`,
        aud: identifier,
        scope: 'read:x',
      });
      expect(claims.azp).toBeUndefined();
      if (dialect.endsWith('_authz')) expect(claims.permissions).toEqual(['read:x']);
      else expect(claims.permissions).toBeUndefined();
    },
  );
});

describe('HS256', () => {
  it('signs with a generated signing_secret shown once, verifiable with jose, and rotatable', async () => {
    const { api, clientId, clientSecret } = await apiWithClient({
      identifier: 'https://hs.example',
      signing_alg: 'HS256',
    });
    const secret = api.signing_secret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await get(`/resource-servers/${api.id}`)).body.signing_secret).toBeUndefined();
    const res = await token(clientId, clientSecret, 'https://hs.example');
    const { payload, protectedHeader } = await jwtVerify(
      res.body.access_token,
      new TextEncoder().encode(secret),
      {
        issuer: `${TEST_ISSUER}/`,
        audience: 'https://hs.example',
        algorithms: ['HS256'],
      },
    );
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.sub).toBe(`${clientId}@clients`);

    const rotated = await post(`/resource-servers/${api.id}/rotate-signing-secret`, undefined);
    expect(rotated.status).toBe(200);
    const next = rotated.body.signing_secret as string;
    expect(next).not.toBe(secret);
    const after = await token(clientId, clientSecret, 'https://hs.example');
    await expect(
      jwtVerify(after.body.access_token, new TextEncoder().encode(secret)),
    ).rejects.toThrow();
    await jwtVerify(after.body.access_token, new TextEncoder().encode(next));
  });

  it('uses a signing_secret set by PATCH', async () => {
    const { api, clientId, clientSecret } = await apiWithClient({
      identifier: 'https://hs2.example',
    });
    const chosen = 'a-chosen-secret-of-enough-length';
    const res = await patch(`/resource-servers/${api.id}`, {
      signing_alg: 'HS256',
      signing_secret: chosen,
    });
    expect(res.body).toMatchObject({ signing_alg: 'HS256', signing_secret: chosen });
    const issued = await token(clientId, clientSecret, 'https://hs2.example');
    await jwtVerify(issued.body.access_token, new TextEncoder().encode(chosen), {
      algorithms: ['HS256'],
    });
    await t.services.repos.logs.flush();
    const log = await t.call('GET', '/api/v2/logs?per_page=100', { token: admin });
    expect(log.status).toBe(200);
    expect(log.text).toContain('[redacted]');
    expect(log.text).not.toContain(chosen);
  });
});

describe('token_quota', () => {
  it('answers 429 past the hourly limit, with Auth0-Client-Quota-Limit on every answer', async () => {
    const { clientId, clientSecret } = await apiWithClient(
      { identifier: 'https://quota.example' },
      { token_quota: { client_credentials: { enforce: true, per_hour: 2, per_day: 100 } } },
    );
    const first = await token(clientId, clientSecret, 'https://quota.example');
    const second = await token(clientId, clientSecret, 'https://quota.example');
    const third = await token(clientId, clientSecret, 'https://quota.example');
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(first.headers.get('auth0-client-quota-limit')).toMatch(
      /^b=per_hour;q=2;r=1;t=\d+,b=per_day;q=100;r=99;t=\d+$/,
    );
    expect(third.headers.get('auth0-client-quota-limit')).toMatch(
      /^b=per_hour;q=2;r=0;t=\d+,b=per_day;q=100;r=97;t=\d+$/,
    );
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(third.body).toEqual({
      error: 'too_many_requests',
      error_description: 'Token quota exceeded for the client (per_hour)',
    });
  });

  it('only reports the quota without enforce, and a PATCH to null removes it', async () => {
    const { clientId, clientSecret } = await apiWithClient(
      { identifier: 'https://quota2.example' },
      { token_quota: { client_credentials: { enforce: false, per_hour: 1 } } },
    );
    await token(clientId, clientSecret, 'https://quota2.example');
    const over = await token(clientId, clientSecret, 'https://quota2.example');
    expect([over.status, over.headers.get('auth0-client-quota-limit')]).toEqual([
      200,
      expect.stringMatching(/^b=per_hour;q=1;r=0;t=\d+$/),
    ]);
    const cleared = await patch(`/clients/${clientId}`, { token_quota: null });
    expect(cleared.body.token_quota).toBeUndefined();
    const free = await token(clientId, clientSecret, 'https://quota2.example');
    expect(free.headers.get('auth0-client-quota-limit')).toBeNull();
  });
});

afterAll(() => expect(t.unexpectedErrors).toEqual([]));
