/** The one gated path to live: compile, test cases, then one write of exactly the tested script. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

const API = 'https://lifecycle.example';
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };

const claimHook = (value: string, delayMs = 0) =>
  `module.exports = function (client, scope, audience, context, cb) {\n  setTimeout(function () { cb(null, { 'https://l.example/v': '${value}' }); }, ${delayMs});\n};`;
/** Line 3, column 13 is where `{)` stops parsing. */
const BROKEN =
  'module.exports = function (client, scope, audience, context, cb) {\n  var x = 1;\n  cb(null, {)\n};';
const COMPILE_ERROR = {
  statusCode: 400,
  error: 'Bad Request',
  errorCode: 'hook_compile_error',
  message:
    "The hook's code does not compile at line 3, column 13: SyntaxError: invalid property name",
  compile_error: { message: 'SyntaxError: invalid property name', line: 3, column: 13 },
};

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', { token: admin, body: { identifier: API } });
  app = await t.createClientWithGrant(API, []);
});
afterAll(() => t.close());

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  t.call(method, `/api/v2${path}`, { token: admin, body, ...(headers && { headers }) });
const tokenClaim = async () => {
  const res = await t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      audience: API,
    },
  });
  if (res.status !== 200) return `${res.status} ${res.body.error}`;
  const payload = JSON.parse(
    Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
  ) as Record<string, unknown>;
  return payload['https://l.example/v'];
};

let seq = 0;
/** A new hook with `script` and one test case expecting the claim `good`; enabled when asked. */
async function hookWithCase(script: string, enabled = false) {
  const hook = (
    await call('POST', '/hooks', {
      name: `lifecycle-${++seq}`,
      script: claimHook('good'),
      triggerId: 'credentials-exchange',
    })
  ).body;
  await call('POST', `/hooks/${hook.id}/tests`, {
    name: 'adds good',
    expect: { claims: { 'https://l.example/v': 'good' } },
  });
  if (enabled)
    expect((await call('PATCH', `/hooks/${hook.id}`, { enabled: true })).status).toBe(200);
  if (script !== claimHook('good')) await call('PUT', `/hooks/${hook.id}/draft`, { script });
  return hook as { id: string };
}

beforeEach(async () => {
  // Each test starts with no hook enabled on the point.
  for (const h of (await call('GET', '/hooks?enabled=true')).body as { id: string }[])
    await call('PATCH', `/hooks/${h.id}`, { enabled: false });
});

describe('a compile error never goes live (400 naming line and column)', () => {
  it('PATCH script on an enabled hook', async () => {
    const hook = await hookWithCase(claimHook('good'), true);
    const res = await call('PATCH', `/hooks/${hook.id}`, { script: BROKEN });
    expect([res.status, res.body]).toEqual([400, COMPILE_ERROR]);
    expect((await call('GET', `/hooks/${hook.id}`)).body.script).toBe(claimHook('good'));
    expect(await tokenClaim()).toBe('good');
  });

  it('PATCH enabled, even with force', async () => {
    const hook = (
      await call('POST', '/hooks', {
        name: `lifecycle-${++seq}`,
        script: BROKEN,
        triggerId: 'credentials-exchange',
      })
    ).body;
    expect(hook.enabled).toBe(false); // a disabled hook may hold code that does not compile
    const res = await t.call('PATCH', `/api/v2/hooks/${hook.id}?force=true`, {
      token: admin,
      body: { enabled: true },
    });
    expect([res.status, res.body]).toEqual([400, COMPILE_ERROR]);
    expect((await call('GET', `/hooks/${hook.id}`)).body.enabled).toBe(false);
    expect(await tokenClaim()).toBeUndefined();
  });

  it('POST with enabled: true', async () => {
    const res = await call('POST', '/hooks', {
      name: `lifecycle-${++seq}`,
      script: BROKEN,
      triggerId: 'credentials-exchange',
      enabled: true,
    });
    expect([res.status, res.body]).toEqual([400, COMPILE_ERROR]);
    expect((await call('GET', '/hooks?enabled=true')).body).toEqual([]);
  });

  it('deploy', async () => {
    const hook = await hookWithCase(BROKEN, true);
    const res = await call('POST', `/hooks/${hook.id}/deploy`);
    expect([res.status, res.body]).toEqual([400, COMPILE_ERROR]);
    expect(await tokenClaim()).toBe('good');
    expect((await call('GET', `/hooks/${hook.id}/draft`)).body.script).toBe(BROKEN);
  });

  it('roll back', async () => {
    const hook = (
      await call('POST', '/hooks', {
        name: `lifecycle-${++seq}`,
        script: BROKEN,
        triggerId: 'credentials-exchange',
      })
    ).body;
    await call('PATCH', `/hooks/${hook.id}`, { script: claimHook('good'), enabled: true });
    const res = await call('POST', `/hooks/${hook.id}/versions/1/deploy`);
    expect([res.status, res.body]).toEqual([400, COMPILE_ERROR]);
    expect(await tokenClaim()).toBe('good');
  });
});

describe('a failing test case never goes live without force (409)', () => {
  const refused = (res: { status: number; body: { errorCode: string; test_cases: unknown } }) =>
    expect([res.status, res.body.errorCode, res.body.test_cases]).toEqual([
      409,
      'test_cases_failed',
      {
        total: 1,
        failing: [
          {
            id: expect.any(String),
            name: 'adds good',
            failures: ['claim https://l.example/v: expected "good", got "bad"'],
          },
        ],
      },
    ]);

  it('PATCH script on an enabled hook, then forced', async () => {
    const hook = await hookWithCase(claimHook('good'), true);
    refused(await call('PATCH', `/hooks/${hook.id}`, { script: claimHook('bad') }));
    expect(await tokenClaim()).toBe('good');
    expect(
      (
        await t.call('PATCH', `/api/v2/hooks/${hook.id}?force=true`, {
          token: admin,
          body: { script: claimHook('bad') },
        })
      ).status,
    ).toBe(200);
    expect(await tokenClaim()).toBe('bad');
  });

  it('PATCH enabled', async () => {
    const hook = await hookWithCase(claimHook('good'));
    await call('PATCH', `/hooks/${hook.id}`, { script: claimHook('bad') }); // disabled: saved, not live
    refused(await call('PATCH', `/hooks/${hook.id}`, { enabled: true }));
    expect(await tokenClaim()).toBeUndefined();
  });

  it('deploy and roll back', async () => {
    const hook = await hookWithCase(claimHook('bad'), true);
    refused(await call('POST', `/hooks/${hook.id}/deploy`));
    await t.call('POST', `/api/v2/hooks/${hook.id}/deploy?force=true`, { token: admin });
    expect(await tokenClaim()).toBe('bad');
    await call('PATCH', `/hooks/${hook.id}`, { enabled: false });
    await call(
      'DELETE',
      `/hooks/${hook.id}/tests/${(await call('GET', `/hooks/${hook.id}/tests`)).body[0].id}`,
    );
    await call('POST', `/hooks/${hook.id}/tests`, {
      name: 'adds good',
      expect: { claims: { 'https://l.example/v': 'good' } },
    });
    refused(await call('POST', `/hooks/${hook.id}/versions/2/deploy`)); // version 2 is the forced "bad"
  });

  it('labels the gate runs as gate runs, never as Runner runs', async () => {
    const hook = await hookWithCase(claimHook('good'), true);
    await call('PATCH', `/hooks/${hook.id}`, { script: claimHook('bad') });
    const logs = (await call('GET', `/hooks/${hook.id}/logs`)).body as { source: string }[];
    expect(logs.map((l) => l.source)).toEqual(['gate', 'gate']); // enabling it, then the refused script
  });
});

describe('concurrency and preconditions', () => {
  it('deploys the script it tested: a draft saved during the deploy stays a draft', async () => {
    const hook = await hookWithCase(claimHook('good', 600), true);
    const tag = (await call('GET', `/hooks/${hook.id}/draft`)).headers.get('etag')!;
    const deploying = call('POST', `/hooks/${hook.id}/deploy`, undefined, { 'if-match': tag });
    await new Promise((resolve) => setTimeout(resolve, 150)); // the deploy is running its test case
    const saved = await call('PUT', `/hooks/${hook.id}/draft`, { script: claimHook('bad') });
    expect(saved.status).toBe(200);
    const deployed = await deploying;
    expect([deployed.status, deployed.body.script]).toEqual([200, claimHook('good', 600)]);
    expect(await tokenClaim()).toBe('good');
    const draft = (await call('GET', `/hooks/${hook.id}/draft`)).body;
    expect([draft.script, draft.has_draft, draft.differs_from_live]).toEqual([
      claimHook('bad'),
      true,
      true,
    ]);
    expect((await call('GET', `/hooks/${hook.id}`)).body.draft).toEqual({
      updated_at: expect.any(String),
      differs_from_live: true,
    });
  });

  it('refuses a stale If-Match with 412: hook PATCH, draft save, discard and deploy', async () => {
    const hook = await hookWithCase(claimHook('good'), true);
    const hookTag = (await call('GET', `/hooks/${hook.id}`)).headers.get('etag')!;
    const draftTag = (await call('GET', `/hooks/${hook.id}/draft`)).headers.get('etag')!;
    // Saving a draft changes the draft's ETag, not the hook's.
    const saved = await call(
      'PUT',
      `/hooks/${hook.id}/draft`,
      { script: claimHook('draft') },
      { 'if-match': draftTag },
    );
    expect(saved.status).toBe(200);
    expect((await call('GET', `/hooks/${hook.id}`)).headers.get('etag')).toBe(hookTag);
    const newTag = saved.headers.get('etag')!;
    expect(newTag).not.toBe(draftTag);

    const stale = {
      statusCode: 412,
      error: 'Precondition Failed',
      errorCode: 'precondition_failed',
    };
    const put = await call(
      'PUT',
      `/hooks/${hook.id}/draft`,
      { script: claimHook('other') },
      { 'if-match': draftTag },
    );
    expect([put.status, put.body]).toEqual([
      412,
      {
        ...stale,
        message: "The hook's draft was changed since you read it; reload it and try again",
      },
    ]);
    const deploy = await call('POST', `/hooks/${hook.id}/deploy`, undefined, {
      'if-match': draftTag,
    });
    expect(deploy.status).toBe(412);
    const discard = await call('DELETE', `/hooks/${hook.id}/draft`, undefined, {
      'if-match': draftTag,
    });
    expect(discard.status).toBe(412);
    expect((await call('GET', `/hooks/${hook.id}/draft`)).body.script).toBe(claimHook('draft'));

    await call('PATCH', `/hooks/${hook.id}`, { name: `renamed-${seq}` });
    const patch = await call(
      'PATCH',
      `/hooks/${hook.id}`,
      { script: claimHook('good') },
      { 'if-match': hookTag },
    );
    expect([patch.status, patch.body.errorCode]).toEqual([412, 'precondition_failed']);
    expect(await tokenClaim()).toBe('good');
  });
});

describe('one version counter', () => {
  it('the execution log, the hook, the versions list and the tenant log give the same number', async () => {
    const hook = await hookWithCase(claimHook('good'), true);
    await call('POST', `/hooks/${hook.id}/secrets`, { KEY: 'value-1' });
    const [audit] = (await call('GET', '/logs?type=sapi&per_page=1')).body;
    expect([audit.details.resource_id, audit.details.hook_version]).toEqual([hook.id, 2]);
    await tokenClaim();
    const [live] = (await call('GET', `/hooks/${hook.id}/versions?per_page=1`)).body;
    expect([live.number, live.change]).toEqual([2, 'secrets']);
    expect((await call('GET', `/hooks/${hook.id}`)).body.version).toBe(2);
    const [run] = (await call('GET', `/hooks/${hook.id}/logs`)).body;
    expect([run.source, run.hook_version]).toEqual(['exchange', 2]);
  });
});

describe('one record per run', () => {
  it('a token exchange leaves exactly one execution record, named by the response, with what the platform kept and dropped', async () => {
    const script =
      "module.exports = function (client, scope, audience, context, cb) {\n  cb(null, { scope: ['x'], 'https://l.example/v': 'kept', plain: 1, sub: 'me' });\n};";
    const hook = (
      await call('POST', '/hooks', {
        name: `lifecycle-${++seq}`,
        script,
        triggerId: 'credentials-exchange',
        enabled: true,
      })
    ).body;
    const res = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: API,
      },
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('tokenhook-hook-execution');
    const logs = (await call('GET', `/hooks/${hook.id}/logs`)).body as { id: string }[];
    expect(logs.map((l) => l.id)).toEqual([id]);
    const record = await call('GET', `/hooks/${hook.id}/logs/${id}`);
    expect(record.body).toEqual({
      id,
      hook_id: hook.id,
      hook_version: 1,
      source: 'exchange',
      started_at: expect.any(String),
      duration_ms: expect.any(Number),
      outcome: 'success',
      client_id: app.clientId,
      audience: API,
      logs: [],
      trace: {
        received_scope: [],
        returned: { scope: ['x'], 'https://l.example/v': 'kept', plain: 1, sub: 'me' },
        token: { scope: ['x'], claims: { 'https://l.example/v': 'kept' } },
        dropped: [
          {
            name: 'plain',
            reason:
              'Not namespaced: a custom claim must be named by a URL, e.g. https://example.com/plain.',
          },
          { name: 'sub', reason: 'Reserved: Tokenhook sets sub itself; a hook cannot change it.' },
        ],
      },
    });
    expect((await call('GET', `/hooks/${hook.id}/logs/01ABCDEFGHJKMNPQRSTVWXYZ00`)).status).toBe(
      404,
    );

    // A refusal names its record too.
    await call('PATCH', `/hooks/${hook.id}`, {
      script: "module.exports = function (c, s, a, x, cb) { cb(new InvalidScopeError('nope')); };",
    });
    const refused = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: API,
      },
    });
    expect([refused.status, refused.body]).toEqual([
      400,
      { error: 'invalid_scope', error_description: 'nope' },
    ]);
    const failed = await call(
      'GET',
      `/hooks/${hook.id}/logs/${refused.headers.get('tokenhook-hook-execution')}`,
    );
    expect([failed.body.outcome, failed.body.error_name, failed.body.hook_version]).toEqual([
      'error',
      'InvalidScopeError',
      2,
    ]);
  });
});
