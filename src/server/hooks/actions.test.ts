/** Actions-style credentials-exchange code (`exports.onExecuteCredentialsExchange`), end to end. */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

const API = 'https://actions.example';
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };
let hookId: string;

beforeAll(async () => {
  t = await createTestServer({ TENANT: 'acme' });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: {
      identifier: API,
      scopes: [{ value: 'read:data' }, { value: 'write:data' }, { value: 'admin' }],
    },
  });
  app = await t.createClientWithGrant(API, ['read:data', 'write:data']);
  await t.call('PATCH', `/api/v2/clients/${app.clientId}`, {
    token: admin,
    body: { name: 'Reporting', client_metadata: { tier: 'gold' } },
  });
  hookId = (
    await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: {
        name: 'action-style',
        script: credentialsExchangeSample,
        triggerId: 'credentials-exchange',
        enabled: true,
        timeout_ms: 2000,
      },
    })
  ).body.id;
}, 60_000);
afterAll(() => t.close());

async function run(script: string, extra: Record<string, string> = {}) {
  await t.call('PATCH', `/api/v2/hooks/${hookId}`, { token: admin, body: { script } });
  const res = await t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      audience: API,
      ...extra,
    },
    headers: { 'user-agent': 'reporting/2.0', host: 'auth.example.com:8443' },
  });
  return {
    status: res.status,
    body: res.body,
    claims: res.status === 200 ? decodeJwt(res.body.access_token) : undefined,
  };
}

describe('onExecuteCredentialsExchange(event, api)', () => {
  it("runs Auth0's custom-claim example", async () => {
    const { claims } = await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      api.accessToken.setCustomClaim("https://my-api.exampleco.com/request-ip", event.request.ip);
    };`);
    expect(claims).toHaveProperty(['https://my-api.exampleco.com/request-ip']);
    expect(claims!.scope).toBe('read:data write:data');
  });

  it('gives the event Auth0 documents', async () => {
    await t.call('POST', `/api/v2/hooks/${hookId}/secrets`, {
      token: admin,
      body: { TIER_API_KEY: 'tier-key' },
    });
    const res = await run(
      `exports.onExecuteCredentialsExchange = async (event, api) => {
      api.accessToken.setCustomClaim('https://t.example/event', {
        client: event.client, resource_server: event.resource_server, tenant: event.tenant,
        request: { hostname: event.request.hostname, method: event.request.method, user_agent: event.request.user_agent, body: event.request.body },
        accessToken: JSON.parse(JSON.stringify(event.accessToken)), transaction: event.transaction, secret: event.secrets.TIER_API_KEY,
      });
    };`,
      { scope: 'read:data' },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.claims!['https://t.example/event']).toEqual({
      client: { client_id: app.clientId, name: 'Reporting', metadata: { tier: 'gold' } },
      resource_server: { identifier: API },
      tenant: { id: 'acme' },
      request: {
        hostname: 'auth.example.com',
        method: 'POST',
        user_agent: 'reporting/2.0',
        body: {
          grant_type: 'client_credentials',
          client_id: app.clientId,
          audience: API,
          scope: 'read:data',
        },
      },
      accessToken: { customClaims: {}, scope: ['read:data'] },
      transaction: { requested_scopes: ['read:data'], target_scopes: ['read:data'] },
      secret: 'tier-key',
    });
  });

  it.each([
    ['invalid_scope', 400, 'invalid_scope'],
    ['invalid_request', 400, 'invalid_request'],
    ['server_error', 500, 'server_error'],
  ])('maps api.access.deny(%s) to %i %s', async (code, status, error) => {
    const res = await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      if (event.client.metadata.tier === 'gold') api.access.deny('${code}', 'Gold clients go elsewhere.');
    };`);
    expect([res.status, res.body]).toEqual([
      status,
      { error, error_description: 'Gold clients go elsewhere.' },
    ]);
  });

  it('keeps target scopes within the grant, dropping others with a warning in the log', async () => {
    const { claims } = await run(
      `exports.onExecuteCredentialsExchange = async (event, api) => {
      api.transaction.removeTargetScope('read:data');
      api.transaction.addTargetScope('admin');
      api.transaction.addTargetScope('made:up');
    };`,
      { scope: 'read:data' },
    );
    // write:data was not requested, but the grant allows it; admin and made:up it does not.
    expect(claims!.scope).toBe('');
    const scoped = await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      api.transaction.setTargetScopes(['write:data', 'admin']);
    };`);
    expect(scoped.claims!.scope).toBe('write:data');
    const [execution] = (
      await t.call('GET', `/api/v2/hooks/${hookId}/logs?per_page=1`, { token: admin })
    ).body;
    expect(execution.logs).toEqual([
      { level: 'warn', message: `Scope "admin" dropped: the grant for ${API} does not allow it` },
    ]);
  });

  it('keeps api.cache across requests of the same version', async () => {
    const script = `exports.onExecuteCredentialsExchange = async (event, api) => {
      const hit = api.cache.get('calls');
      const calls = hit ? Number(hit.value) + 1 : 1;
      api.cache.set('calls', String(calls));
      api.accessToken.setCustomClaim('https://t.example/calls', calls);
    };`;
    expect((await run(script)).claims!['https://t.example/calls']).toBe(1);
    const second = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: API,
      },
    });
    expect(decodeJwt(second.body.access_token)['https://t.example/calls']).toBe(2);
  });

  it('bounds api.cache: key and value sizes, entries (the soonest to expire goes first) and TTL', async () => {
    const { status, claims } =
      await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      const big = api.cache.set('v', 'x'.repeat(5000));
      const long = api.cache.set('k'.repeat(300), 'x');
      api.cache.set('first', '1', { ttl: 60000 });
      for (let i = 0; i < 100; i++) api.cache.set('n' + i, String(i), { ttl: 3600000 });
      const capped = api.cache.set('long', 'x', { ttl: 10 * 24 * 3600 * 1000 });
      api.accessToken.setCustomClaim('https://t.example/cache', [big.type + ' ' + big.code, long.code, api.cache.get('first') === undefined,
        api.cache.get('n99').value, capped.record.expires_at - Date.now() <= 24 * 3600 * 1000]);
    };`);
    expect(status).toBe(200);
    expect(claims!['https://t.example/cache']).toEqual([
      'error VALUE_TOO_LARGE',
      'KEY_TOO_LONG',
      true,
      '99',
      true,
    ]);
  });

  it("allows non-namespaced custom claims, except Auth0's restricted claims and namespaces (Hooks keep URL-named claims only)", async () => {
    const { claims } = await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      api.accessToken.setCustomClaim('tier', event.client.metadata.tier);
      api.accessToken.setCustomClaim('org/plan', 'pro');
      api.accessToken.setCustomClaim('https://t.example/ok', 1);
      api.accessToken.setCustomClaim('sub', 'evil');
      api.accessToken.setCustomClaim('permissions', ['all']);
      api.accessToken.setCustomClaim('https://x.auth0.com/c', 1);
      api.accessToken.setCustomClaim('auth0.io/c', 1);
    };`);
    expect(claims).toMatchObject({
      tier: 'gold',
      'org/plan': 'pro',
      'https://t.example/ok': 1,
      sub: `${app.clientId}@clients`,
    });
    for (const name of ['permissions', 'https://x.auth0.com/c', 'auth0.io/c'])
      expect(claims).not.toHaveProperty([name]);
    const hookStyle = await run(
      `module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope, tier: 'gold', 'https://t.example/ok': 1 }) };`,
    );
    expect(hookStyle.claims).toMatchObject({ 'https://t.example/ok': 1 });
    expect(hookStyle.claims).not.toHaveProperty(['tier']);
  });

  it('gives the same claims as the Hook it was converted from', async () => {
    const hook = await run(credentialsExchangeSample);
    const action = await run(`exports.onExecuteCredentialsExchange = async (event, api) => {
      api.accessToken.setCustomClaim('https://foo.com/claim', 'bar');
      api.transaction.addTargetScope('extra');
    };`);
    const custom = (claims: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(claims).filter(([k]) => k.startsWith('https://')));
    expect(custom(action.claims!)).toEqual(custom(hook.claims!));
    expect(hook.claims!.scope).toBe('read:data write:data extra'); // Hooks may add any scope
    expect(action.claims!.scope).toBe('read:data write:data'); // Actions stay within the grant
  });

  it('reports a throw inside the action as server_error', async () => {
    const res = await run(
      `exports.onExecuteCredentialsExchange = async () => { throw new Error('action broke'); };`,
    );
    expect([res.status, res.body]).toEqual([
      500,
      { error: 'server_error', error_description: 'action broke' },
    ]);
  });
});
