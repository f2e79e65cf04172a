import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, TEST_ISSUER, type TestServer } from '../testing';

let t: TestServer;
let admin: string;
let adminClientId: string;

beforeAll(async () => {
  t = await createTestServer({
    ADMIN_EMAIL: 'ops@example.com',
    ADMIN_PASSWORD: 'logs console password',
  });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  adminClientId = JSON.parse(Buffer.from(admin.split('.')[1]!, 'base64url').toString()).azp;
});
afterAll(() => t.close());

const logs = async (query = '') =>
  (await t.call('GET', `/api/v2/logs${query}`, { token: admin })).body;

describe('GET /api/v2/logs', () => {
  it('records management changes with who, what and where, secrets redacted', async () => {
    const client = (
      await t.call('POST', '/api/v2/clients', {
        token: admin,
        body: { name: 'audited' },
        headers: { 'user-agent': 'audit-test/1' },
      })
    ).body;
    await t.call('PATCH', `/api/v2/clients/${client.client_id}`, {
      token: admin,
      body: { client_secret: 'a-secret-that-must-not-be-logged-0123' },
    });
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: {
          name: 'audited-hook',
          script: 'module.exports = function () {};',
          triggerId: 'credentials-exchange',
        },
      })
    ).body;
    await t.call('POST', `/api/v2/hooks/${hook.id}/secrets`, {
      token: admin,
      body: { API_KEY: 'hook-secret-value-not-logged' },
    });

    const events = await logs('?type=sapi&per_page=4');
    expect(events.map((e: { description: string }) => e.description)).toEqual([
      'Hook audited-hook: secret API_KEY added',
      'Hook audited-hook: created',
      'Application audited: client_secret changed',
      'Application audited: created',
    ]);
    expect(events[3]).toEqual({
      log_id: expect.any(String),
      date: expect.any(String),
      type: 'sapi',
      description: 'Application audited: created',
      ip: '',
      user_agent: 'audit-test/1',
      actor: { kind: 'client', id: adminClientId },
      details: {
        request: { method: 'POST', path: '/clients', body: { name: 'audited' } },
        response: { statusCode: 201 },
        resource: 'clients',
        action: 'create',
      },
    });
    expect(events[2].details.request.body).toEqual({ client_secret: '[redacted]' });
    expect(events[1].details.request.body.script).toBe('[script, 32 characters]');
    expect(events[0].details.request.body).toEqual({ API_KEY: '[redacted]' });
  });

  it('records refused changes as fapi', async () => {
    await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: { identifier: 'https://audited.example' },
    });
    await t.call('POST', '/api/v2/resource-servers', {
      token: admin,
      body: { identifier: 'https://audited.example' },
    });
    const [refused] = await logs('?type=fapi');
    expect(refused).toMatchObject({
      type: 'fapi',
      description: 'API https://audited.example: created — refused (409)',
      details: { response: { statusCode: 409 } },
    });
  });

  it('records token exchanges as seccft and feccft, never with a secret', async () => {
    const app = await t.createClientWithGrant('https://audited.example', [], 'exchanger');
    const body = {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      audience: 'https://audited.example',
    };
    await t.call('POST', '/oauth/token', { body: { ...body, client_secret: app.clientSecret } });
    await t.call('POST', '/oauth/token', {
      body: { ...body, client_secret: 'wrong-secret-value' },
    });
    const events = await logs(`?client_id=${app.clientId}`);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'feccft',
        description: 'Client authentication failed',
        client_id: app.clientId,
        audience: 'https://audited.example',
        details: { error: 'invalid_client', status: 401 },
      }),
      expect.objectContaining({
        type: 'seccft',
        description: 'Client Credentials for Access Token',
        client_id: app.clientId,
        client_name: 'exchanger',
        audience: 'https://audited.example',
      }),
    ]);
    const everything = JSON.stringify(await logs('?per_page=100'));
    for (const secret of [
      app.clientSecret,
      'wrong-secret-value',
      'a-secret-that-must-not-be-logged-0123',
      'hook-secret-value-not-logged',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('names the console admin as the actor of console changes', async () => {
    const signIn = await t.call('POST', '/api/session', {
      body: { email: 'ops@example.com', password: 'logs console password' },
      headers: { origin: TEST_ISSUER, 'x-tokenhook-csrf': '1' },
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    await t.call('POST', '/api/v2/clients', {
      body: { name: 'from the console' },
      headers: { cookie, origin: TEST_ISSUER, 'x-tokenhook-csrf': '1' },
    });
    const [event] = await logs('?actor=ops@example.com');
    expect(event).toMatchObject({
      type: 'sapi',
      description: 'Application from the console: created',
      actor: { kind: 'user', id: 'ops@example.com' },
    });
  });

  it('refuses an over-deep body with 400 before any change, and still records the attempt', async () => {
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: {
          name: 'deep',
          script: 'module.exports = function () {};',
          triggerId: 'credentials-exchange',
        },
      })
    ).body;
    const deep = `${'{"a":'.repeat(3500)}1${'}'.repeat(3500)}`;
    const body = `{"name":"deep case","input":{"payload":${deep}},"expect":{"scope":[]}}`;
    const res = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, errorCode: 'invalid_body' });
    const malformed = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}/tests`, { token: admin })).body).toEqual(
      [],
    );
    const [event] = await logs('?type=fapi&per_page=1');
    expect(event).toMatchObject({
      description: 'Hook deep: test case saved — refused (400)',
      details: { request: { method: 'POST', path: `/hooks/${hook.id}/tests` } },
    });
    expect(event.details.request).not.toHaveProperty('body');
    expect(t.unexpectedErrors).toEqual([]);
  });

  it('caps what it keeps of a deep or large accepted body', async () => {
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: {
          name: 'capped',
          script: 'module.exports = function () {};',
          triggerId: 'credentials-exchange',
        },
      })
    ).body;
    let payload: unknown = 1;
    for (let i = 0; i < 20; i++) payload = { a: payload };
    const res = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: { name: 'deep enough', input: { payload }, expect: { scope: [] } },
    });
    expect(res.status).toBe(201);
    const [event] = await logs('?type=sapi&per_page=1');
    expect(JSON.stringify(event.details.request.body)).toContain('"[object]"');
    const big = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: {
        name: 'large',
        input: { payload: { text: 'x'.repeat(20_000) } },
        expect: { scope: [] },
      },
    });
    expect(big.status).toBe(201);
    const [created] = await logs('?type=sapi&per_page=1');
    expect(created.details.request.body).toMatch(/^\[body, \d+ characters\]$/);
  });

  it('reads no body on routes that take none, and never fails on a malformed path', async () => {
    const client = (
      await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'bodiless' } })
    ).body;
    const res = await t.call('DELETE', `/api/v2/clients/${client.client_id}`, {
      token: admin,
      body: { client_secret: 'sent-to-a-bodiless-route' },
    });
    expect(res.status).toBe(204);
    const [event] = await logs('?type=sapi&per_page=1');
    expect(event).toMatchObject({ description: 'Application bodiless: deleted' });
    expect(event.details.request).not.toHaveProperty('body');
    const odd = await t.call('DELETE', '/api/v2/clients/%E0%A4%A', { token: admin });
    expect(odd.status).toBe(404);
    expect(t.unexpectedErrors).toEqual([]);
  });

  it.each(['Secrets', 'secrets/', 'SECRETS/'])(
    'never logs hook secret values sent to /hooks/:id/%s',
    async (spelling) => {
      const hook = (
        await t.call('POST', '/api/v2/hooks', {
          token: admin,
          body: {
            name: `spelled-${spelling.replace(/\W/g, '')}`,
            script: 'module.exports = function () {};',
            triggerId: 'credentials-exchange',
          },
        })
      ).body;
      await t.call('POST', `/api/v2/hooks/${hook.id}/${spelling}`, {
        token: admin,
        body: { API_KEY: 'spelled-secret-value' },
      });
      await t.call('PATCH', `/api/v2/hooks/${hook.id}/${spelling}`, {
        token: admin,
        body: { API_KEY: 'spelled-secret-value' },
      });
      expect(JSON.stringify(await logs('?per_page=100'))).not.toContain('spelled-secret-value');
    },
  );

  it('records Runner trials, without their body (it may carry secret values for the run)', async () => {
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: {
          name: 'tried',
          script: 'module.exports = function (c, s, a, ctx, cb) { cb(null, {}); };',
          triggerId: 'credentials-exchange',
        },
      })
    ).body;
    const res = await t.call('POST', `/api/v2/hooks/${hook.id}/try`, {
      token: admin,
      body: { secrets: { API_KEY: 'runner-only-secret' } },
    });
    expect(res.status).toBe(200);
    const [event] = await logs('?type=sapi&per_page=1');
    expect(event).toMatchObject({
      description: 'Hook tried: tried in the Runner',
      details: { request: { method: 'POST', path: `/hooks/${hook.id}/try` } },
    });
    expect(event.details.request).not.toHaveProperty('body');
    expect(JSON.stringify(await logs('?per_page=100'))).not.toContain('runner-only-secret');
  });

  it('pages with totals and needs read:logs', async () => {
    const page = (
      await t.call('GET', '/api/v2/logs?include_totals=true&per_page=2', { token: admin })
    ).body;
    expect(page).toEqual({
      start: 0,
      limit: 2,
      total: expect.any(Number),
      logs: [expect.any(Object), expect.any(Object)],
    });
    const other = await t.managementToken(['read:clients']);
    expect((await t.call('GET', '/api/v2/logs', { token: other })).status).toBe(403);
  });
});
