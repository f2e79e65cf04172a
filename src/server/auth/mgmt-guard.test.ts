import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, MANAGEMENT_AUDIENCE, TEST_ISSUER, type TestServer } from '../testing';

let t: TestServer;

beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

const unauthorized = (message: string, errorCode = 'invalid_token') => ({ statusCode: 401, error: 'Unauthorized', message, errorCode });

/** A token shaped like ours, signed with our current RS256 key unless told otherwise. */
async function forge(claims: Record<string, unknown>, key?: CryptoKey, kid?: string) {
  const ours = await t.services.keys.signingKey('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: `${TEST_ISSUER}/`, sub: 'x@clients', aud: MANAGEMENT_AUDIENCE, iat: now, exp: now + 60, scope: 'read:clients', ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: kid ?? ours.kid })
    .sign(key ?? ours.privateKey);
}

describe('Management API authentication', () => {
  it('accepts a token from our own token endpoint', async () => {
    const token = await t.managementToken(['read:clients']);
    expect((await t.call('GET', '/api/v2/clients', { token })).status).toBe(200);
    expect((await t.call('GET', '/api/v2/clients', { token: await forge({}) })).status).toBe(200);
  });

  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const res = await t.call('GET', '/api/v2/clients');
    expect([res.status, res.body]).toEqual([401, unauthorized('Missing authentication', 'missing_authentication')]);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="tokenhook"');
  });

  const bad: [string, () => Promise<Record<string, string>>, object][] = [
    ['a non-Bearer scheme', async () => ({ authorization: 'Token abc' }), unauthorized('Bad HTTP authentication header format')],
    ['garbage', async () => ({ authorization: 'Bearer not.a.jwt' }), unauthorized('Invalid token')],
    ['an expired token', async () => ({ authorization: `Bearer ${await forge({ exp: Math.floor(Date.now() / 1000) - 10 })}` }), unauthorized('Expired token')],
    ['a token for another audience', async () => ({ authorization: `Bearer ${await forge({ aud: 'https://api.example' })}` }), unauthorized('Invalid token')],
    ['a token from another issuer', async () => ({ authorization: `Bearer ${await forge({ iss: 'https://evil.example/' })}` }), unauthorized('Invalid token')],
    ['a token signed by a foreign key under our kid', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return { authorization: `Bearer ${await forge({}, privateKey)}` };
    }, unauthorized('Invalid token')],
    ['a token with an unknown kid', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      return { authorization: `Bearer ${await forge({}, privateKey, 'unknown')}` };
    }, unauthorized('Invalid token')],
    ['an unsigned token (alg none)', async () => ({
      authorization: `Bearer ${new UnsecuredJWT({ iss: `${TEST_ISSUER}/`, aud: MANAGEMENT_AUDIENCE, sub: 'x', scope: 'read:clients' }).setExpirationTime('1h').encode()}`,
    }), unauthorized('Invalid token')],
  ];
  it.each(bad)('answers 401 for %s', async (_name, headers, body) => {
    const res = await t.call('GET', '/api/v2/clients', { headers: await headers() });
    expect([res.status, res.body]).toEqual([401, body]);
  });

  it('answers 403 insufficient_scope for a valid token without the scope', async () => {
    const token = await t.managementToken(['read:resource_servers']);
    const res = await t.call('GET', '/api/v2/clients', { token });
    expect([res.status, res.body]).toEqual([403, { statusCode: 403, error: 'Forbidden', message: 'Insufficient scope, expected any of: read:clients,read:client_keys', errorCode: 'insufficient_scope' }]);
  });

  it('answers unknown /api/v2 paths with the management error shape after authentication', async () => {
    expect((await t.call('GET', '/api/v2/nothing-here')).status).toBe(401);
    const token = await t.managementToken(['read:clients']);
    const res = await t.call('GET', '/api/v2/nothing-here', { token });
    expect([res.status, res.body]).toEqual([404, { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' }]);
  });
});
