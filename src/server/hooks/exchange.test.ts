/**
 * Hooks on the client-credentials exchange, end to end through /oauth/token and the Management
 * API, on the real QuickJS worker pool.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, MANAGEMENT_AUDIENCE, TEST_ISSUER, type TestServer } from '../testing';

const API = 'https://hooked.example';
const SEED = credentialsExchangeSample;

let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };
let hookId: string;

beforeAll(async () => {
  t = await createTestServer({ TENANT: 'acme' }, { hookWorkers: 2 });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: { identifier: API, scopes: [{ value: 'read:data' }, { value: 'write:data' }] },
  });
  app = await t.createClientWithGrant(API, ['read:data']);
  await t.call('PATCH', `/api/v2/clients/${app.clientId}`, {
    token: admin,
    body: { name: 'Billing', client_metadata: { plan: 'full' } },
  });
  hookId = (
    await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: { name: 'exchange', script: SEED, triggerId: 'credentials-exchange' },
    })
  ).body.id;
}, 60_000);
afterAll(async () => {
  expect(t.unexpectedErrors).toEqual([]);
  await t.close();
});

const exchange = (audience = API, headers: Record<string, string> = {}) =>
  t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      audience,
    },
    headers,
  });

/** Saves `script` as the hook's code and enables it. */
async function useHook(script: string, enabled = true) {
  const res = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
    token: admin,
    body: { script, enabled, timeout_ms: 2000 },
  });
  expect(res.status).toBe(200);
}

const hook = (body: string) =>
  `module.exports = function (client, scope, audience, context, cb) { ${body} };`;

async function verify(token: string) {
  const jwks = createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);
  return (await jwtVerify(token, jwks, { issuer: `${TEST_ISSUER}/`, audience: API })).payload;
}

describe('the seed hook (Auth0 guide, "Test your Hook")', () => {
  it('does nothing while disabled', async () => {
    await useHook(SEED, false);
    const res = await exchange();
    expect(res.body.scope).toBe('read:data');
    expect(await verify(res.body.access_token)).not.toHaveProperty(['https://foo.com/claim']);
  });

  it('adds the claim and the extra scope once enabled, in a token that verifies', async () => {
    await useHook(SEED);
    const res = await exchange();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'read:data extra',
    });
    const payload = await verify(res.body.access_token);
    expect(payload).toEqual({
      'https://foo.com/claim': 'bar',
      iss: `${TEST_ISSUER}/`,
      sub: `${app.clientId}@clients`,
      aud: API,
      iat: expect.any(Number),
      exp: expect.any(Number),
      azp: app.clientId,
      scope: 'read:data extra',
      gty: 'client-credentials',
      jti: expect.any(String),
    });
  });
});

describe('credentials-exchange semantics', () => {
  it('passes client, granted scopes, audience and context (ip, userAgent, secrets)', async () => {
    await t.call('POST', `/api/v2/hooks/${hookId}/secrets`, {
      token: admin,
      body: { GREETING: 'hello-from-secret' },
    });
    await useHook(
      hook(`cb(null, { scope: scope, 'https://t.example/in': { client: client, scope: scope, audience: audience,
      ua: context.userAgent, hasIp: typeof context.ip, secret: context.webtask.secrets.GREETING } })`),
    );
    const res = await exchange(API, { 'user-agent': 'billing/1.0' });
    const claim = (await verify(res.body.access_token))['https://t.example/in'];
    expect(claim).toEqual({
      client: { id: app.clientId, name: 'Billing', tenant: 'acme', metadata: { plan: 'full' } },
      scope: ['read:data'],
      audience: API,
      ua: 'billing/1.0',
      hasIp: 'string',
      secret: 'hello-from-secret',
    });
  });

  it("gives context.body (the token request's parameters, without the client secret) and a clear error for context.webtask.storage", async () => {
    await useHook(
      hook(`var storage; try { context.webtask.storage.get(function () {}) } catch (e) { storage = e.message }
      cb(null, { scope: scope, 'https://t.example/body': context.body, 'https://t.example/storage': storage })`),
    );
    const res = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: API,
        org_id: 'org_1',
      },
    });
    const payload = await verify(res.body.access_token);
    expect(payload['https://t.example/body']).toEqual({
      grant_type: 'client_credentials',
      client_id: app.clientId,
      audience: API,
      org_id: 'org_1',
    });
    expect(payload['https://t.example/storage']).toMatch(
      /^context\.webtask\.storage is not available in Tokenhook hooks/,
    );
  });

  it("logs where a hook failed (the hook's own line and column) with a hint", async () => {
    await useHook(
      'module.exports = function (client, scope, audience, context, cb) {\n  var org = context.body.organization.id;\n  cb(null, { scope: scope });\n};',
    );
    const res = await exchange();
    expect(res.body).toEqual({
      error: 'server_error',
      error_description: "cannot read property 'id' of undefined",
    });
    const [execution] = (
      await t.call('GET', `/api/v2/hooks/${hookId}/logs?per_page=1`, { token: admin })
    ).body;
    expect(execution.logs.at(-1).level).toBe('error');
    expect(execution.logs.at(-1).message).toMatch(
      /^TypeError: cannot read property 'id' of undefined\n {4}at hook\.js:2:\d+\nHint: .*context\.body holds the token request's parameters/,
    );
  });

  it('lets result.scope replace the scopes, even with scopes the API does not define', async () => {
    await useHook(hook(`cb(null, { scope: ['write:data', 'made:up'] })`));
    expect((await exchange()).body.scope).toBe('write:data made:up');
  });

  it('ignores non-URL keys and Auth0 hosts, and never lets a hook override reserved claims', async () => {
    await useHook(
      hook(`cb(null, { scope: scope, sub: 'evil', iss: 'evil', aud: 'evil', exp: 1, plain: 1,
      'https://x.auth0.com/c': 1, 'https://ok.example/c': 2 })`),
    );
    const payload = await verify((await exchange()).body.access_token);
    expect(payload.sub).toBe(`${app.clientId}@clients`);
    expect(payload.iss).toBe(`${TEST_ISSUER}/`);
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    expect(payload).not.toHaveProperty('plain');
    expect(payload).not.toHaveProperty(['https://x.auth0.com/c']);
    expect(payload['https://ok.example/c']).toBe(2);
  });

  it('cb(null) issues a token with no scopes and no runtime fields', async () => {
    await useHook(hook('cb(null)'));
    const res = await exchange();
    expect(res.body.scope).toBe('');
    const payload = await verify(res.body.access_token);
    expect(Object.keys(payload).sort()).toEqual([
      'aud',
      'azp',
      'exp',
      'gty',
      'iat',
      'iss',
      'jti',
      'scope',
      'sub',
    ]);
  });

  it('counts cb once', async () => {
    await useHook(
      hook(
        `cb(null, { scope: ['first'] }); cb(null, { scope: ['second'] }); cb(new Error('late'));`,
      ),
    );
    expect((await exchange()).body.scope).toBe('first');
  });

  it('supports async functions, promises and timers', async () => {
    await useHook(`module.exports = async function (client, scope, audience, context, cb) {
      await Promise.resolve();
      setTimeout(function () { cb(null, { scope: scope.concat(['async']) }); }, 20);
    };`);
    expect((await exchange()).body.scope).toBe('read:data async');
  });

  const errors: [string, string, number, object][] = [
    [
      'InvalidScopeError',
      `cb(new InvalidScopeError('Scope is not permitted.'))`,
      400,
      { error: 'invalid_scope', error_description: 'Scope is not permitted.' },
    ],
    [
      'InvalidRequestError',
      `cb(new InvalidRequestError('Bad request.'))`,
      400,
      { error: 'invalid_request', error_description: 'Bad request.' },
    ],
    [
      'ServerError',
      `cb(new ServerError('Upstream down.'))`,
      500,
      { error: 'server_error', error_description: 'Upstream down.' },
    ],
    [
      'a plain Error',
      `cb(new Error('Unknown error occurred.'))`,
      500,
      { error: 'server_error', error_description: 'Unknown error occurred.' },
    ],
    [
      'a throw',
      `throw new TypeError('boom')`,
      500,
      { error: 'server_error', error_description: 'boom' },
    ],
    [
      'require()',
      `require('request')`,
      500,
      { error: 'server_error', error_description: 'module request is not available in hooks' },
    ],
    [
      'a bad scope result',
      `cb(null, { scope: 'read:data' })`,
      500,
      {
        error: 'server_error',
        error_description: 'The hook returned an invalid scope: expected an array of strings',
      },
    ],
    [
      'cb never called',
      ``,
      500,
      { error: 'server_error', error_description: 'The hook finished without calling cb' },
    ],
  ];
  it.each(errors)('maps %s to the OAuth error', async (_name, body, status, expected) => {
    await useHook(hook(body));
    const res = await exchange();
    expect([res.status, res.body]).toEqual([status, expected]);
  });

  it('refuses to make code that does not compile live, and maps a syntax error that got there to server_error without host details', async () => {
    const broken =
      'module.exports = function (client, scope, audience, context, cb) { cb(null, {) };';
    const refused = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
      token: admin,
      body: { script: broken, enabled: true },
    });
    expect([refused.status, refused.body.errorCode, refused.body.compile_error]).toEqual([
      400,
      'hook_compile_error',
      { message: 'SyntaxError: invalid property name', line: 1, column: 78 },
    ]);
    // As a hook saved before the gate existed could hold it: written to the store directly.
    await t.services.db
      .updateTable('hooks')
      .set({ script: broken, version: 1000, enabled: 1 })
      .where('id', '=', hookId)
      .execute();
    t.services.changes.publish({ entity: 'hook', id: hookId });
    const res = await exchange();
    expect(res.status).toBe(500);
    expect(res.body.error).toBe('server_error');
    expect(res.body.error_description).toMatch(/line 1/);
    expect(res.body.error_description).not.toMatch(/\/work|node_modules|\.ts:/);
  });
});

describe('hostile hooks fail only their own request', () => {
  const hostile: [string, string][] = [
    ['an infinite loop', 'while (true) {}'],
    ['a catastrophic regex', "/(a+)+$/.test('a'.repeat(40) + 'b'); cb(null, {})"],
    ['an array memory bomb', 'var a = []; while (true) a.push(new Array(1e6).fill(1));'],
    ['an ArrayBuffer memory bomb', 'var b = []; while (true) b.push(new ArrayBuffer(1e7));'],
    ['a throw inside a timer', "setTimeout(function () { throw new Error('timer boom'); }, 1);"],
    [
      'the constructor escape',
      "var p = this.constructor.constructor('return process')(); cb(null, { 'https://x.example/p': typeof p.env })",
    ],
    ['deep recursion', 'function f() { return f() + 1; } f();'],
  ];

  it.each(hostile)(
    '%s: a 5xx for the hostile audience, while other exchanges and the Management API answer within 2 s',
    async (_name, body) => {
      await useHook(
        hook(`if (audience === '${API}') { ${body} } else { cb(null, { scope: scope }) }`),
      );
      const other = 'https://calm.example';
      if (
        (
          await t.call('GET', `/api/v2/resource-servers/${encodeURIComponent(other)}`, {
            token: admin,
          })
        ).status === 404
      ) {
        await t.call('POST', '/api/v2/resource-servers', {
          token: admin,
          body: { identifier: other },
        });
        await t.call('POST', '/api/v2/client-grants', {
          token: admin,
          body: { client_id: app.clientId, audience: other, scope: [] },
        });
      }
      const bad = exchange(API);
      await new Promise((r) => setTimeout(r, 50)); // let the hostile run start
      const started = Date.now();
      const [calm, mgmt] = await Promise.all([
        exchange(other),
        t.call('GET', '/api/v2/clients', { token: admin }),
      ]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(calm.status).toBe(200);
      expect(mgmt.status).toBe(200);
      const res = await bad;
      expect(res.status).toBe(500);
      expect(res.body.error).toBe('server_error');
      expect(res.body.error_description).not.toMatch(/\/work|node_modules|\bat .*:\d+/);
    },
  );

  it('keeps Error.prepareStackTrace and prototype pollution inside the sandbox', async () => {
    await useHook(
      hook(`Error.prepareStackTrace = function () { return 'pwned'; }; Object.prototype.polluted = 'yes';
      Array.prototype.push = function () { return 0; }; cb(null, { scope: ['ok'] })`),
    );
    expect((await exchange()).body.scope).toBe('ok');
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
    expect(new Error('x').stack).not.toBe('pwned');
    // A new version gets a fresh context: the pollution does not carry over.
    await useHook(hook(`cb(null, { scope: [String(({}).polluted)] })`));
    expect((await exchange()).body.scope).toBe('undefined');
  });
});

describe('changes take effect at once', () => {
  it('follows enable/disable, script and secret changes on the next request', async () => {
    await t
      .call('DELETE', `/api/v2/hooks/${hookId}/secrets`, { token: admin, body: ['GREETING'] })
      .catch(() => undefined);
    await useHook(hook(`cb(null, { scope: [context.webtask.secrets.V || 'none'] })`));
    expect((await exchange()).body.scope).toBe('none');
    await t.call('POST', `/api/v2/hooks/${hookId}/secrets`, { token: admin, body: { V: 'one' } });
    expect((await exchange()).body.scope).toBe('one');
    await t.call('PATCH', `/api/v2/hooks/${hookId}/secrets`, { token: admin, body: { V: 'two' } });
    expect((await exchange()).body.scope).toBe('two');
    await t.call('PATCH', `/api/v2/hooks/${hookId}`, { token: admin, body: { enabled: false } });
    expect((await exchange()).body.scope).toBe('read:data');
    const other = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: {
          name: 'another',
          script: hook(`cb(null, { scope: ['another'] })`),
          triggerId: 'credentials-exchange',
          enabled: true,
        },
      })
    ).body;
    expect((await exchange()).body.scope).toBe('another');
    await t.call('DELETE', `/api/v2/hooks/${other.id}`, { token: admin });
    expect((await exchange()).body.scope).toBe('read:data');
  });
});

describe('the system Management API', () => {
  const widening = hook(
    `cb(null, { scope: scope.concat(['read:client_keys', 'create:clients']), 'https://ci.example/who': client.name })`,
  );
  const line = {
    level: 'warn',
    message:
      "Tokenhook: scopes outside the client's grant are never added to Management API tokens; dropped: read:client_keys create:clients",
  };

  it('lets a hook add claims but never scopes beyond the grant, and says so in the execution log', async () => {
    const ci = await t.createClientWithGrant(
      MANAGEMENT_AUDIENCE,
      ['create:hooks', 'update:hooks'],
      'CI',
    );
    await useHook(widening);
    const res = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: ci.clientId,
        client_secret: ci.clientSecret,
        audience: MANAGEMENT_AUDIENCE,
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('create:hooks update:hooks');
    const jwks = createLocalJWKSet((await t.call('GET', '/.well-known/jwks.json')).body);
    const { payload } = await jwtVerify(res.body.access_token, jwks, {
      audience: MANAGEMENT_AUDIENCE,
    });
    expect(payload).toMatchObject({
      scope: 'create:hooks update:hooks',
      'https://ci.example/who': 'CI',
    });
    expect(
      (
        await t.call('GET', `/api/v2/clients/${app.clientId}?fields=client_secret`, {
          token: res.body.access_token,
        })
      ).status,
    ).toBe(403);
    const log = await t.call('GET', `/api/v2/hooks/${hookId}/logs?per_page=1`, { token: admin });
    expect(log.body[0]).toMatchObject({
      outcome: 'success',
      client_id: ci.clientId,
      audience: MANAGEMENT_AUDIENCE,
      logs: [line],
    });
    // Other APIs keep Auth0's semantics: the hook's scopes replace the grant's.
    expect((await exchange()).body.scope).toBe('read:data read:client_keys create:clients');
  });

  it("drops claims named under Tokenhook's own issuer host", async () => {
    await useHook(
      hook(
        `cb(null, { scope: scope, '${TEST_ISSUER}/role': 'admin', 'https://ok.example/role': 'user' })`,
      ),
    );
    const payload = await verify((await exchange()).body.access_token);
    expect(payload).toMatchObject({ 'https://ok.example/role': 'user' });
    expect(payload).not.toHaveProperty([`${TEST_ISSUER}/role`]);
  });

  it('shows the same cap in the Runner, for a stored client and for a payload naming the API', async () => {
    const ci = await t.createClientWithGrant(MANAGEMENT_AUDIENCE, ['read:hooks'], 'CI runner');
    const stored = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { script: widening, client_id: ci.clientId, audience: MANAGEMENT_AUDIENCE },
    });
    expect(stored.body).toMatchObject({
      outcome: 'success',
      token_preview: { scope: ['read:hooks'], claims: { 'https://ci.example/who': 'CI runner' } },
      logs: [
        { ...line, message: expect.stringContaining('dropped: read:client_keys create:clients') },
      ],
    });
    const payload = {
      client: { id: 'x', name: 'P' },
      scope: ['read:hooks'],
      audience: MANAGEMENT_AUDIENCE,
      context: {},
    };
    const sample = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { script: widening, payload },
    });
    expect(sample.body.token_preview).toEqual({
      scope: ['read:hooks'],
      claims: { 'https://ci.example/who': 'P' },
    });
  });
});

describe('execution log', () => {
  it('stores every run newest first, with console lines and secrets redacted', async () => {
    await t
      .call('POST', `/api/v2/hooks/${hookId}/secrets`, {
        token: admin,
        body: { LOGGED: 'do-not-log-me' },
      })
      .catch(() => undefined);
    await useHook(
      hook(
        `console.log('secret is', context.webtask.secrets.LOGGED); cb(new InvalidScopeError('no ' + context.webtask.secrets.LOGGED))`,
      ),
    );
    await exchange();
    const res = await t.call('GET', `/api/v2/hooks/${hookId}/logs?per_page=1&include_totals=true`, {
      token: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThan(1);
    expect(res.body.logs).toEqual([
      {
        id: expect.any(String),
        hook_id: hookId,
        hook_version: expect.any(Number),
        source: 'exchange',
        started_at: expect.any(String),
        duration_ms: expect.any(Number),
        outcome: 'error',
        error_name: 'InvalidScopeError',
        message: 'no [secret LOGGED]',
        client_id: app.clientId,
        audience: API,
        logs: [{ level: 'log', message: 'secret is [secret LOGGED]' }],
        trace: { received_scope: expect.any(Array) },
      },
    ]);
    const rows = await t.services.db
      .selectFrom('hook_executions')
      .select(['message', 'logs'])
      .execute();
    expect(JSON.stringify(rows)).not.toContain('do-not-log-me');
  });

  it('streams executions live over Server-Sent Events', async () => {
    await useHook(hook(`console.info('live'); cb(null, { scope: scope })`));
    const res = await t.app.request(`/api/v2/hooks/${hookId}/logs/stream`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: RegExp) => {
      while (!until.test(text)) text += decoder.decode((await reader.read()).value);
    };
    await read(/event: ready/);
    await exchange();
    await read(/event: execution\n[^]*?data: .*\n/);
    await reader.cancel();
    const data = JSON.parse(/event: execution\n[^]*?data: (.*)\n/.exec(text)![1]!);
    expect(data).toMatchObject({
      hook_id: hookId,
      outcome: 'success',
      logs: [{ level: 'info', message: 'live' }],
    });
  });
});

describe('Runner', () => {
  it('runs the saved hook on the sample payload without issuing a token', async () => {
    await useHook(SEED, false);
    const res = await t.call('POST', `/api/v2/hooks/${hookId}/try`, { token: admin, body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      outcome: 'success',
      result: { 'https://foo.com/claim': 'bar', scope: ['read:connections', 'extra'] },
      token_preview: {
        scope: ['read:connections', 'extra'],
        claims: { 'https://foo.com/claim': 'bar' },
      },
      logs: [],
      duration_ms: expect.any(Number),
    });
  });

  it('runs a draft against a real application and API, and saves nothing', async () => {
    const draft = hook(`console.log(client.name); cb(null, { scope: scope.concat([audience]) })`);
    const res = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { script: draft, client_id: app.clientId, audience: API },
    });
    expect(res.body).toMatchObject({
      outcome: 'success',
      token_preview: { scope: ['read:data', API], claims: {} },
      logs: [{ level: 'log', message: 'Billing' }],
    });
    expect((await t.call('GET', `/api/v2/hooks/${hookId}`, { token: admin })).body.script).toBe(
      SEED,
    );
  });

  it('reports failures as outcomes', async () => {
    const res = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { script: hook(`cb(new InvalidScopeError('nope'))`) },
    });
    expect(res.body).toMatchObject({
      outcome: 'error',
      error_name: 'InvalidScopeError',
      message: 'nope',
    });
    const loop = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { script: hook('while(true){}') },
    });
    expect(loop.body.outcome).toBe('timeout');
  });

  it("keeps Runner runs out of the live hook's warm context (a Runner secret cached in a global never reaches a token)", async () => {
    const caching = `var kept; module.exports = function (client, scope, audience, context, cb) {
      if (!kept && context.webtask.secrets.RUNNER_ONLY) kept = context.webtask.secrets.RUNNER_ONLY;
      var result = { scope: scope }; result['https://leak.example/kept'] = kept || 'none'; cb(null, result) };`;
    await useHook(caching);
    expect((await exchange()).status).toBe(200); // the live context is warm
    const tried = await t.call('POST', `/api/v2/hooks/${hookId}/try`, {
      token: admin,
      body: { secrets: { RUNNER_ONLY: 'runner-secret-value' } },
    });
    expect(tried.body.outcome).toBe('success');
    const res = await exchange();
    expect((await verify(res.body.access_token))['https://leak.example/kept']).toBe('none');
  });

  it('runs an unsaved draft of any point with its sample payload', async () => {
    const res = await t.call('POST', '/api/v2/hooks/try', {
      token: admin,
      body: {
        triggerId: 'send-phone-message',
        script:
          'module.exports = function (recipient, text, context, cb) { cb(null, { to: recipient, code: context.code }); };',
      },
    });
    expect(res.body).toMatchObject({
      outcome: 'success',
      result: { to: '1-808-555-5555', code: '123456' },
    });
    const missing = await t.call('POST', '/api/v2/hooks/try', {
      token: admin,
      body: { script: 'x' },
    });
    expect(missing.status).toBe(400);
  });
});
