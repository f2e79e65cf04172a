/** Hook versions, drafts, deploy and roll back (issue: safe changes to a live hook). */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

const API = 'https://versions.example';
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };
let adminId: string;

const scopeHook = (s: string) =>
  `module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: ['${s}'] }); };`;

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  adminId = decodeJwt(admin).azp as string;
  await t.call('POST', '/api/v2/resource-servers', { token: admin, body: { identifier: API } });
  app = await t.createClientWithGrant(API, []);
});
afterAll(() => t.close());

const tokenScope = async () =>
  (
    await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        client_secret: app.clientSecret,
        audience: API,
      },
    })
  ).body.scope;

describe('versions', () => {
  it('numbers every change of code or settings, newest (live) first, with who made it', async () => {
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: { name: 'versioned', script: scopeHook('v1'), triggerId: 'credentials-exchange' },
      })
    ).body;
    await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { script: scopeHook('v2') },
    });
    await t.call('PATCH', `/api/v2/hooks/${hook.id}`, { token: admin, body: { enabled: true } }); // not a code change
    await t.call('POST', `/api/v2/hooks/${hook.id}/secrets`, {
      token: admin,
      body: { KEY: 'value' },
    });
    await t.call('PATCH', `/api/v2/hooks/${hook.id}`, { token: admin, body: { timeout_ms: 3000 } });
    const res = await t.call('GET', `/api/v2/hooks/${hook.id}/versions?include_totals=true`, {
      token: admin,
    });
    // A secrets change is a version of its own, labelled as such: one counter for everything.
    expect(res.body.total).toBe(4);
    expect(
      res.body.versions.map((v: { number: number; live: boolean; change: string }) => [
        v.number,
        v.live,
        v.change,
      ]),
    ).toEqual([
      [4, true, 'settings'],
      [3, false, 'secrets'],
      [2, false, 'code'],
      [1, false, 'code'],
    ]);
    expect(res.body.versions[1].script).toBe(scopeHook('v2'));
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).body.version).toBe(
      4,
    );
    expect(res.body.versions[0]).toEqual({
      id: expect.any(String),
      hook_id: hook.id,
      number: 4,
      script: scopeHook('v2'),
      dependencies: {},
      timeout_ms: 3000,
      secret_names: ['KEY'],
      created_at: expect.any(String),
      created_by: adminId,
      change: 'settings',
      live: true,
    });
    const byNumber = await t.call('GET', `/api/v2/hooks/${hook.id}/versions/1`, { token: admin });
    const byId = await t.call('GET', `/api/v2/hooks/${hook.id}/versions/${byNumber.body.id}`, {
      token: admin,
    });
    expect(byId.body).toEqual(byNumber.body);
    expect(byNumber.body.script).toBe(scopeHook('v1'));
    const missing = await t.call('GET', `/api/v2/hooks/${hook.id}/versions/99`, { token: admin });
    expect([missing.status, missing.body.errorCode]).toEqual([404, 'inexistent_hook_version']);
  });

  it('rolls back by deploying an old version as a new one, in force at once', async () => {
    const hook = (
      await t.call('GET', '/api/v2/hooks?triggerId=credentials-exchange&enabled=true', {
        token: admin,
      })
    ).body[0];
    expect(await tokenScope()).toBe('v2');
    const rolled = await t.call('POST', `/api/v2/hooks/${hook.id}/versions/1/deploy`, {
      token: admin,
    });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({
      number: 5,
      script: scopeHook('v1'),
      rolled_back_from: 1,
      live: true,
      timeout_ms: 5000,
      change: 'code',
    });
    expect(await tokenScope()).toBe('v1');
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).body.script).toBe(
      scopeHook('v1'),
    );
  });
});

describe('drafts', () => {
  it('never reach /oauth/token until deployed, and deploying makes a version', async () => {
    const hook = (
      await t.call('GET', '/api/v2/hooks?triggerId=credentials-exchange&enabled=true', {
        token: admin,
      })
    ).body[0];
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}/draft`, { token: admin })).body).toEqual({
      script: scopeHook('v1'),
      has_draft: false,
      differs_from_live: false,
    });

    const saved = await t.call('PUT', `/api/v2/hooks/${hook.id}/draft`, {
      token: admin,
      body: { script: scopeHook('draft') },
    });
    expect(saved.body).toEqual({
      script: scopeHook('draft'),
      updated_at: expect.any(String),
      has_draft: true,
      differs_from_live: true,
    });
    expect(await tokenScope()).toBe('v1'); // draft isolation
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).body.script).toBe(
      scopeHook('v1'),
    );

    const deployed = await t.call('POST', `/api/v2/hooks/${hook.id}/deploy`, { token: admin });
    expect([deployed.status, deployed.body.script]).toEqual([200, scopeHook('draft')]);
    expect(await tokenScope()).toBe('draft');
    expect(
      (await t.call('GET', `/api/v2/hooks/${hook.id}/draft`, { token: admin })).body.has_draft,
    ).toBe(false);
    expect(
      (await t.call('GET', `/api/v2/hooks/${hook.id}/versions?per_page=1`, { token: admin }))
        .body[0],
    ).toMatchObject({ number: 6, live: true });

    const nothing = await t.call('POST', `/api/v2/hooks/${hook.id}/deploy`, { token: admin });
    expect([nothing.status, nothing.body.message]).toEqual([
      400,
      "Payload validation error: 'There is no draft to deploy'.",
    ]);
  });

  it('can be discarded', async () => {
    const hook = (
      await t.call('GET', '/api/v2/hooks?triggerId=credentials-exchange&enabled=true', {
        token: admin,
      })
    ).body[0];
    await t.call('PUT', `/api/v2/hooks/${hook.id}/draft`, {
      token: admin,
      body: { script: scopeHook('thrown away') },
    });
    expect(
      (await t.call('DELETE', `/api/v2/hooks/${hook.id}/draft`, { token: admin })).status,
    ).toBe(204);
    expect(
      (await t.call('GET', `/api/v2/hooks/${hook.id}/draft`, { token: admin })).body.has_draft,
    ).toBe(false);
    expect(await tokenScope()).toBe('draft');
  });
});

describe('test cases', () => {
  const claimHook = (value: string) =>
    `module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope, 'https://t.example/v': '${value}' }); };`;

  it('run against the draft, live code or a version, and report expected against actual', async () => {
    const hook = (
      await t.call('POST', '/api/v2/hooks', {
        token: admin,
        body: { name: 'tested', script: claimHook('good'), triggerId: 'credentials-exchange' },
      })
    ).body;
    const added = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: {
        name: 'adds the claim',
        input: { client_id: app.clientId, audience: API },
        expect: {
          claims: { 'https://t.example/v': 'good' },
          absent_claims: ['https://t.example/other'],
          scope: [],
        },
      },
    });
    expect(added.status).toBe(201);
    await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: { name: 'refuses nothing', expect: { scope: ['read:connections'] } },
    });
    const bad = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: { name: 'empty', expect: {} },
    });
    expect([bad.status, bad.body.message]).toEqual([
      400,
      "Payload validation error: 'must expect something' on property expect.",
    ]);
    expect(
      (await t.call('GET', `/api/v2/hooks/${hook.id}/tests`, { token: admin })).body,
    ).toHaveLength(2);

    // PUT replaces a case in place (same id, same position); a case of another hook is not found.
    const draftCase = await t.call('POST', `/api/v2/hooks/${hook.id}/tests`, {
      token: admin,
      body: { name: 'draft case', expect: { scope: ['x'] } },
    });
    const replaced = await t.call('PUT', `/api/v2/hooks/${hook.id}/tests/${draftCase.body.id}`, {
      token: admin,
      body: { name: 'renamed case', expect: { scope: ['read:connections'] } },
    });
    expect([replaced.status, replaced.body]).toEqual([
      200,
      {
        id: draftCase.body.id,
        name: 'renamed case',
        input: {},
        expect: { scope: ['read:connections'] },
      },
    ]);
    expect(
      (await t.call('GET', `/api/v2/hooks/${hook.id}/tests`, { token: admin })).body[2],
    ).toEqual(replaced.body);
    const missing = await t.call('PUT', `/api/v2/hooks/${hook.id}/tests/nope`, {
      token: admin,
      body: { name: 'x', expect: { scope: [] } },
    });
    expect([missing.status, missing.body.errorCode]).toEqual([404, 'inexistent_hook_test']);
    const invalid = await t.call('PUT', `/api/v2/hooks/${hook.id}/tests/${draftCase.body.id}`, {
      token: admin,
      body: { name: 'x', expect: {} },
    });
    expect(invalid.status).toBe(400);
    expect(
      (
        await t.call('DELETE', `/api/v2/hooks/${hook.id}/tests/${draftCase.body.id}`, {
          token: admin,
        })
      ).status,
    ).toBe(204);

    const live = await t.call('POST', `/api/v2/hooks/${hook.id}/test`, { token: admin, body: {} });
    expect(live.body).toMatchObject({
      passed: true,
      target: 'live',
      cases: [
        { name: 'adds the claim', passed: true, failures: [] },
        { name: 'refuses nothing', passed: true },
      ],
    });

    await t.call('PUT', `/api/v2/hooks/${hook.id}/draft`, {
      token: admin,
      body: { script: claimHook('bad') },
    });
    const draft = await t.call('POST', `/api/v2/hooks/${hook.id}/test`, { token: admin, body: {} });
    expect(draft.body.target).toBe('draft');
    expect(draft.body.passed).toBe(false);
    expect(draft.body.cases[0]).toMatchObject({
      passed: false,
      failures: ['claim https://t.example/v: expected "good", got "bad"'],
      actual: { scope: [], claims: { 'https://t.example/v': 'bad' } },
    });
    const v1 = await t.call('POST', `/api/v2/hooks/${hook.id}/test`, {
      token: admin,
      body: { target: 1 },
    });
    expect([v1.body.target, v1.body.passed]).toEqual(['v1', true]);
  });

  it('refuse to enable or deploy failing code unless forced, and the override is audited', async () => {
    const hook = (await t.call('GET', '/api/v2/hooks?per_page=100', { token: admin })).body.find(
      (h: { name: string }) => h.name === 'tested',
    );
    // The enabled hook of the point from the earlier tests must not be in the way.
    const deploy = await t.call('POST', `/api/v2/hooks/${hook.id}/deploy`, { token: admin });
    expect([deploy.status, deploy.body.errorCode]).toEqual([409, 'test_cases_failed']);
    expect(deploy.body.message).toBe(
      '1 of 2 test cases fail (adds the claim): claim https://t.example/v: expected "good", got "bad". Fix the hook, or add ?force=true to override',
    );
    expect(deploy.body.test_cases).toEqual({
      total: 2,
      failing: [
        {
          id: expect.any(String),
          name: 'adds the claim',
          failures: ['claim https://t.example/v: expected "good", got "bad"'],
        },
      ],
    });
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).body.script).toBe(
      claimHook('good'),
    );

    const enable = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { enabled: true, script: claimHook('bad') },
    });
    expect(enable.status).toBe(409);
    expect(
      (await t.call('PATCH', `/api/v2/hooks/${hook.id}`, { token: admin, body: { enabled: true } }))
        .status,
    ).toBe(200); // live code passes

    const forced = await t.call('POST', `/api/v2/hooks/${hook.id}/deploy?force=true`, {
      token: admin,
    });
    expect(forced.status).toBe(200);
    expect(await tokenScope()).toBe('');
    const [audit] = (await t.call('GET', '/api/v2/logs?type=sapi&per_page=1', { token: admin }))
      .body;
    expect(audit.details.request).toEqual({
      method: 'POST',
      path: `/hooks/${hook.id}/deploy`,
      force: true,
    });
  });
});
