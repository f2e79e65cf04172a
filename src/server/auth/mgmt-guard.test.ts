import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, MANAGEMENT_AUDIENCE, TEST_ISSUER, type TestServer } from '../testing';

let t: TestServer;
let holder: { clientId: string; clientSecret: string };

beforeAll(async () => {
  t = await createTestServer();
  holder = await t.createClientWithGrant(MANAGEMENT_AUDIENCE, ['read:clients'], 'holder');
});
afterAll(() => t.close());

const unauthorized = (message: string, errorCode = 'invalid_token') => ({
  statusCode: 401,
  error: 'Unauthorized',
  message,
  errorCode,
});

/** A token shaped like ours, signed with our current RS256 key unless told otherwise. */
async function forge(claims: Record<string, unknown>, key?: CryptoKey, kid?: string) {
  const ours = await t.services.keys.signingKey('RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `${TEST_ISSUER}/`,
    sub: `${holder.clientId}@clients`,
    azp: holder.clientId,
    aud: MANAGEMENT_AUDIENCE,
    iat: now,
    exp: now + 60,
    scope: 'read:clients',
    ...claims,
  })
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
    expect([res.status, res.body]).toEqual([
      401,
      unauthorized('Missing authentication', 'missing_authentication'),
    ]);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="tokenhook"');
  });

  const bad: [string, () => Promise<Record<string, string>>, object][] = [
    [
      'a non-Bearer scheme',
      async () => ({ authorization: 'Token abc' }),
      unauthorized('Bad HTTP authentication header format'),
    ],
    ['garbage', async () => ({ authorization: 'Bearer not.a.jwt' }), unauthorized('Invalid token')],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await forge({ exp: Math.floor(Date.now() / 1000) - 10 })}`,
      }),
      unauthorized('Expired token'),
    ],
    [
      'a token for another audience',
      async () => ({ authorization: `Bearer ${await forge({ aud: 'https://api.example' })}` }),
      unauthorized('Invalid token'),
    ],
    [
      'a token from another issuer',
      async () => ({ authorization: `Bearer ${await forge({ iss: 'https://evil.example/' })}` }),
      unauthorized('Invalid token'),
    ],
    [
      'a token signed by a foreign key under our kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return { authorization: `Bearer ${await forge({}, privateKey)}` };
      },
      unauthorized('Invalid token'),
    ],
    [
      'a token with an unknown kid',
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return { authorization: `Bearer ${await forge({}, privateKey, 'unknown')}` };
      },
      unauthorized('Invalid token'),
    ],
    [
      'an unsigned token (alg none)',
      async () => ({
        authorization: `Bearer ${new UnsecuredJWT({ iss: `${TEST_ISSUER}/`, aud: MANAGEMENT_AUDIENCE, sub: 'x', scope: 'read:clients' }).setExpirationTime('1h').encode()}`,
      }),
      unauthorized('Invalid token'),
    ],
  ];
  it.each(bad)('answers 401 for %s', async (_name, headers, body) => {
    const res = await t.call('GET', '/api/v2/clients', { headers: await headers() });
    expect([res.status, res.body]).toEqual([401, body]);
  });

  it('answers 403 insufficient_scope for a valid token without the scope', async () => {
    const token = await t.managementToken(['read:resource_servers']);
    const res = await t.call('GET', '/api/v2/clients', { token });
    expect([res.status, res.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Insufficient scope, expected any of: read:clients,read:client_keys',
        errorCode: 'insufficient_scope',
      },
    ]);
  });

  describe('checks at every use that the client still holds the grant', () => {
    const mint = (client: { clientId: string; clientSecret: string }) =>
      t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          audience: MANAGEMENT_AUDIENCE,
        },
      });
    const revoked = unauthorized('Revoked token: its client, secret or grant has changed');

    it('issues management tokens for an hour, also on a store created with 24 hours', async () => {
      expect((await mint(holder)).body.expires_in).toBe(3600);
      await t.services.db
        .updateTable('resource_servers')
        .set({ token_lifetime: 86_400 })
        .where('is_system', '=', 1)
        .execute();
      const api = await t.services.repos.resourceServers.ensureSystem({
        name: 'Tokenhook Management API',
        identifier: MANAGEMENT_AUDIENCE,
        scopes: managementScopes.map(({ value, description }) => ({ value, description })),
      });
      expect(api.token_lifetime).toBe(3600);
    });

    it('refuses the token once its client is deleted', async () => {
      const client = await t.createClientWithGrant(
        MANAGEMENT_AUDIENCE,
        ['read:clients'],
        'deleted',
      );
      const { access_token } = (await mint(client)).body;
      expect((await t.call('GET', '/api/v2/clients', { token: access_token })).status).toBe(200);
      await t.services.repos.clients.delete(client.clientId);
      const res = await t.call('GET', '/api/v2/clients', { token: access_token });
      expect([res.status, res.body]).toEqual([401, revoked]);
    });

    it('refuses the token once its grant is deleted, and narrows it with the grant', async () => {
      const client = await t.createClientWithGrant(
        MANAGEMENT_AUDIENCE,
        ['read:clients', 'read:resource_servers'],
        'narrowed',
      );
      const { access_token } = (await mint(client)).body;
      const [grant] = (
        await t.services.repos.clientGrants.list(
          { client_id: client.clientId },
          { page: 0, per_page: 1 },
        )
      ).items;
      await t.services.repos.clientGrants.update(grant!.id, ['read:resource_servers']);
      expect((await t.call('GET', '/api/v2/clients', { token: access_token })).status).toBe(403);
      expect(
        (await t.call('GET', '/api/v2/resource-servers', { token: access_token })).status,
      ).toBe(200);
      await t.services.repos.clientGrants.delete(grant!.id);
      const res = await t.call('GET', '/api/v2/resource-servers', { token: access_token });
      expect([res.status, res.body]).toEqual([401, revoked]);
    });

    it('refuses tokens issued before the secret was rotated', async () => {
      const client = await t.createClientWithGrant(
        MANAGEMENT_AUDIENCE,
        ['read:clients'],
        'rotated',
      );
      // The client's secret was set a minute ago; a token from 30 s ago counts until the rotation.
      const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
      await t.services.db
        .updateTable('clients')
        .set({ secret_changed_at: aMinuteAgo })
        .where('client_id', '=', client.clientId)
        .execute();
      t.services.changes.publish({ entity: 'client', id: client.clientId });
      const before = await forge({
        sub: `${client.clientId}@clients`,
        azp: client.clientId,
        iat: Math.floor(Date.now() / 1000) - 30,
      });
      expect((await t.call('GET', '/api/v2/clients', { token: before })).status).toBe(200);
      const rotated = await t.services.repos.clients.rotateSecret(client.clientId);
      const res = await t.call('GET', '/api/v2/clients', { token: before });
      expect([res.status, res.body]).toEqual([401, revoked]);
      const fresh = await mint({
        clientId: client.clientId,
        clientSecret: rotated!.client_secret!,
      });
      expect(
        (await t.call('GET', '/api/v2/clients', { token: fresh.body.access_token })).status,
      ).toBe(200);
    });
  });

  it('answers unknown /api/v2 paths with the management error shape after authentication', async () => {
    expect((await t.call('GET', '/api/v2/nothing-here')).status).toBe(401);
    const token = await t.managementToken(['read:clients']);
    const res = await t.call('GET', '/api/v2/nothing-here', { token });
    expect([res.status, res.body]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'Not Found', errorCode: 'not_found' },
    ]);
  });
});
