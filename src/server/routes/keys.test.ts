import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, TEST_ISSUER, type TestServer } from '../testing';

let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: { identifier: 'https://rotating.example' },
  });
  app = await t.createClientWithGrant('https://rotating.example', []);
});
afterAll(async () => {
  expect(t.unexpectedErrors).toEqual([]);
  await t.close();
});

const exchange = async () =>
  (
    await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: 'https://rotating.example',
      },
    })
  ).body.access_token as string;
const jwks = async () => createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);

describe('/api/v2/keys/signing', () => {
  it('lists the current key with public material only', async () => {
    const res = await t.call('GET', '/api/v2/keys/signing', { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        kid: expect.any(String),
        alg: 'RS256',
        current: true,
        previous: false,
        current_since: expect.any(String),
        thumbprint: res.body[0].kid,
        pem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/PRIVATE|"d"/);
  });

  it('rotates: new tokens use the new key, tokens from before still verify, the one before that is retired', async () => {
    const before = await exchange();
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await t.call('POST', '/api/v2/keys/signing/rotate', { token: admin });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual([{ kid: expect.any(String), alg: 'RS256' }]);
    const newKid = rotated.body[0].kid;
    expect(newKid).not.toBe(oldKid);

    const after = await exchange();
    expect(decodeProtectedHeader(after).kid).toBe(newKid);
    const keys = await jwks();
    await expect(jwtVerify(before, keys, { issuer: `${TEST_ISSUER}/` })).resolves.toBeTruthy();
    await expect(jwtVerify(after, keys, { issuer: `${TEST_ISSUER}/` })).resolves.toBeTruthy();
    const listed = (await t.call('GET', '/api/v2/keys/signing', { token: admin })).body;
    expect(
      listed.map((k: { kid: string; current: boolean; previous: boolean }) => [
        k.kid,
        k.current,
        k.previous,
      ]),
    ).toEqual([
      [oldKid, false, true],
      [newKid, true, false],
    ]);
    expect(listed[0].current_until).toEqual(expect.any(String));
    // Management tokens signed before the rotation keep working too.
    expect((await t.call('GET', '/api/v2/keys/signing', { token: admin })).status).toBe(200);

    await t.call('POST', '/api/v2/keys/signing/rotate', { token: admin });
    const published = (await t.call('GET', '/.well-known/jwks.json')).body.keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(published).not.toContain(oldKid);
    expect(published).toContain(newKid);
    await expect(jwtVerify(before, await jwks(), { issuer: `${TEST_ISSUER}/` })).rejects.toThrow();
  });

  it('needs create:signing_keys and update:signing_keys to rotate, read:signing_keys to list', async () => {
    const partial = await t.managementToken(['create:signing_keys', 'read:clients']);
    const res = await t.call('POST', '/api/v2/keys/signing/rotate', { token: partial });
    expect([res.status, res.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: update:signing_keys',
        errorCode: 'insufficient_scope',
      },
    ]);
    expect((await t.call('GET', '/api/v2/keys/signing', { token: partial })).status).toBe(403);
    // Two rotations retired the key that signed `admin`: it no longer opens the API.
    expect((await t.call('GET', '/api/v2/keys/signing', { token: admin })).status).toBe(401);
    const fresh = await t.managementToken(['read:signing_keys']);
    expect((await t.call('GET', '/api/v2/keys/signing/nope', { token: fresh })).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'The signing key does not exist',
      errorCode: 'inexistent_signing_key',
    });
  });
});

describe('PUT /api/v2/keys/signing/{kid}/revoke', () => {
  it('revokes a previous key at once: unpublished, its tokens stop verifying, it never signs again', async () => {
    const token = await t.managementToken([
      'read:signing_keys',
      'create:signing_keys',
      'update:signing_keys',
      'read:logs',
    ]);
    const before = await exchange();
    const oldKid = decodeProtectedHeader(before).kid!;
    const current = await t.call('PUT', `/api/v2/keys/signing/${oldKid}/revoke`, { token });
    expect([current.status, current.body]).toEqual([
      409,
      {
        statusCode: 409,
        error: 'Conflict',
        message:
          'The current signing key cannot be revoked: rotate first (POST /api/v2/keys/signing/rotate), then revoke it',
        errorCode: 'signing_key_in_use',
      },
    ]);
    const rotator = await t.managementToken([
      'create:signing_keys',
      'update:signing_keys',
      'read:signing_keys',
    ]);
    await t.call('POST', '/api/v2/keys/signing/rotate', { token: rotator });
    await expect(
      jwtVerify(before, await jwks(), { issuer: `${TEST_ISSUER}/` }),
    ).resolves.toBeTruthy();

    const revoked = await t.call('PUT', `/api/v2/keys/signing/${oldKid}/revoke`, {
      token: rotator,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toEqual({
      kid: oldKid,
      cert: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\n/),
    });
    const published = (await t.call('GET', '/.well-known/jwks.json')).body.keys.map(
      (k: { kid: string }) => k.kid,
    );
    expect(published).not.toContain(oldKid);
    await expect(jwtVerify(before, await jwks(), { issuer: `${TEST_ISSUER}/` })).rejects.toThrow();
    // The Management API token signed by the revoked key no longer opens the API.
    expect((await t.call('GET', '/api/v2/keys/signing', { token })).status).toBe(401);
    expect(decodeProtectedHeader(await exchange()).kid).not.toBe(oldKid);
    const fresh = await t.managementToken(['update:signing_keys']);
    const again = await t.call('POST', `/api/v2/keys/signing/${oldKid}/revoke`, { token: fresh });
    expect([again.status, again.body.errorCode]).toEqual([404, 'inexistent_signing_key']);
  });

  it('needs update:signing_keys', async () => {
    const reader = await t.managementToken(['read:signing_keys']);
    const [key] = (await t.call('GET', '/api/v2/keys/signing', { token: reader })).body;
    expect(
      (await t.call('PUT', `/api/v2/keys/signing/${key.kid}/revoke`, { token: reader })).status,
    ).toBe(403);
  });
});
