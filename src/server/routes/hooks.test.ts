import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookPoint } from '@/shared/hook-points';
import { managementScopes } from '@/shared/management-scopes';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestServer, MANAGEMENT_AUDIENCE, type TestServer } from '../testing';
import { startStandInRegistry } from '../hooks/modules/stand-in-registry';

let t: TestServer;
let admin: string;
// Saving `dependencies` installs them: from a registry stand-in on 127.0.0.1, into a throwaway DATA_DIR.
let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let dataDir: string;

beforeAll(async () => {
  registry = await startStandInRegistry([
    {
      name: 'lodash',
      version: '4.17.21',
      files: { 'lodash.js': 'module.exports = {};' },
      main: 'lodash.js',
    },
  ]);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-hooks-'));
  t = await createTestServer({ NPM_CONFIG_REGISTRY: registry.url, DATA_DIR: dataDir });
  admin = await t.managementToken(managementScopes.map((s) => s.value));
});
afterAll(async () => {
  expect(t.unexpectedErrors).toEqual([]);
  await t.close();
  await registry.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const SCRIPT = hookPoint('credentials-exchange').starterCode;
const create = (body: Record<string, unknown>) =>
  t.call('POST', '/api/v2/hooks', {
    token: admin,
    body: { script: SCRIPT, triggerId: 'credentials-exchange', ...body },
  });

describe('POST /api/v2/hooks', () => {
  it('creates a disabled hook (201) in Auth0 shape', async () => {
    const res = await create({ name: 'my-hook' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      name: 'my-hook',
      script: SCRIPT,
      triggerId: 'credentials-exchange',
      enabled: false,
      dependencies: {},
      timeout_ms: 5000,
      version: 1,
    });
  });

  it('takes back what a read returned: version and draft are kept by the server and ignored', async () => {
    const res = await create({
      name: 'round-trip',
      version: 7,
      draft: { differs_from_live: true },
    });
    expect([res.status, res.body.version, res.body.draft]).toEqual([201, 1, undefined]);
    const patched = await t.call('PATCH', `/api/v2/hooks/${res.body.id}`, {
      token: admin,
      body: { ...res.body, id: undefined, triggerId: undefined, version: 9 },
    });
    expect([patched.status, patched.body.version]).toEqual([200, 1]);
  });

  it('answers 409 for a duplicate name', async () => {
    await create({ name: 'twice' });
    const res = await create({ name: 'twice', triggerId: 'pre-user-registration' });
    expect([res.status, res.body]).toEqual([
      409,
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'Hook with the same name already exists',
        errorCode: 'hook_conflict',
      },
    ]);
  });

  it.each([
    [
      { name: '-leading' },
      "Payload validation error: 'may contain letters, digits, spaces and '-', and cannot start or end with '-' or a space' on property name.",
    ],
    [
      { name: 'trailing ' },
      "Payload validation error: 'may contain letters, digits, spaces and '-', and cannot start or end with '-' or a space' on property name.",
    ],
    [
      { name: 'under_score' },
      "Payload validation error: 'may contain letters, digits, spaces and '-', and cannot start or end with '-' or a space' on property name.",
    ],
    [
      { name: 'ok', triggerId: 'password-exchange' },
      'Payload validation error: \'Invalid option: expected one of "credentials-exchange"|"pre-user-registration"|"post-user-registration"|"post-change-password"|"send-phone-message"\' on property triggerId.',
    ],
    [
      { name: 'ok', script: '' },
      "Payload validation error: 'Too small: expected string to have >=1 characters' on property script.",
    ],
  ])('rejects %j with 400', async (body, message) => {
    const res = await create(body);
    expect([res.status, res.body]).toEqual([
      400,
      { statusCode: 400, error: 'Bad Request', message, errorCode: 'invalid_body' },
    ]);
  });
});

describe('enabling', () => {
  it('keeps at most one enabled hook per point, disabling the other in the same step', async () => {
    const a = (await create({ name: 'enable-a', triggerId: 'send-phone-message' })).body;
    const b = (await create({ name: 'enable-b', triggerId: 'send-phone-message' })).body;
    const other = (
      await create({ name: 'enable-other', triggerId: 'post-change-password', enabled: true })
    ).body;
    expect(other.enabled).toBe(true);

    expect(
      (await t.call('PATCH', `/api/v2/hooks/${a.id}`, { token: admin, body: { enabled: true } }))
        .body.enabled,
    ).toBe(true);
    expect(
      (await t.call('PATCH', `/api/v2/hooks/${b.id}`, { token: admin, body: { enabled: true } }))
        .body.enabled,
    ).toBe(true);
    const enabled = await t.call('GET', '/api/v2/hooks?triggerId=send-phone-message&enabled=true', {
      token: admin,
    });
    expect(enabled.body.map((h: { name: string }) => h.name)).toEqual(['enable-b']);
    expect((await t.call('GET', `/api/v2/hooks/${other.id}`, { token: admin })).body.enabled).toBe(
      true,
    );

    // Enabling at creation follows the same rule.
    const c = (await create({ name: 'enable-c', triggerId: 'send-phone-message', enabled: true }))
      .body;
    expect(c.enabled).toBe(true);
    expect((await t.call('GET', `/api/v2/hooks/${b.id}`, { token: admin })).body.enabled).toBe(
      false,
    );
  });
});

describe('lost-update protection', () => {
  it('serves an ETag and refuses a PATCH with a stale If-Match (412), accepting the current one', async () => {
    const hook = (await create({ name: 'etag-me' })).body;
    const read = await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin });
    const etag = read.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const first = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { script: 'module.exports = 1;' },
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).not.toBe(etag);
    const stale = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { script: 'module.exports = 2;' },
      headers: { 'if-match': etag },
    });
    expect([stale.status, stale.body]).toEqual([
      412,
      {
        statusCode: 412,
        error: 'Precondition Failed',
        message: 'The hook was changed since you read it; reload it and try again',
        errorCode: 'precondition_failed',
      },
    ]);
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).body.script).toBe(
      'module.exports = 1;',
    );
    const current = first.headers.get('etag')!;
    expect(
      (
        await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
          token: admin,
          body: { name: 'etag-ok' },
          headers: { 'if-match': current },
        })
      ).status,
    ).toBe(200);
  });

  it('sets and bounds the per-hook time limit', async () => {
    const hook = (await create({ name: 'slow-one', timeout_ms: 20000 })).body;
    expect(hook.timeout_ms).toBe(20000);
    const tooLong = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { timeout_ms: 20001 },
    });
    expect([tooLong.status, tooLong.body.message]).toEqual([
      400,
      "Payload validation error: 'Too big: expected number to be <=20000' on property timeout_ms.",
    ]);
  });
});

describe('GET /api/v2/hooks', () => {
  it('filters by triggerId and enabled, and pages', async () => {
    const all = (await t.call('GET', '/api/v2/hooks?include_totals=true', { token: admin })).body;
    expect(all.total).toBe(all.hooks.length);
    const page = await t.call('GET', '/api/v2/hooks?include_totals=true&per_page=2&page=1', {
      token: admin,
    });
    expect(page.body).toEqual({
      start: 2,
      limit: 2,
      total: all.total,
      hooks: all.hooks.slice(2, 4),
    });
    const disabled = (
      await t.call('GET', '/api/v2/hooks?enabled=false&triggerId=credentials-exchange', {
        token: admin,
      })
    ).body;
    expect(
      disabled.every(
        (h: { enabled: boolean; triggerId: string }) =>
          !h.enabled && h.triggerId === 'credentials-exchange',
      ),
    ).toBe(true);
  });
});

describe('GET/PATCH/DELETE /api/v2/hooks/{id}', () => {
  it('updates name, script and dependencies; triggerId is immutable', async () => {
    const hook = (await create({ name: 'patch-me' })).body;
    const res = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: {
        name: 'patched',
        script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
        dependencies: { lodash: '4.17.21' },
      },
    });
    expect([res.status, res.body]).toEqual([
      200,
      {
        ...hook,
        name: 'patched',
        script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
        dependencies: { lodash: '4.17.21' },
        version: 2,
      },
    ]);
    const trigger = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { triggerId: 'send-phone-message' },
    });
    expect(trigger.body.message).toBe(
      "Payload validation error: 'Additional properties not allowed: triggerId'.",
    );
    const empty = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, { token: admin, body: {} });
    expect(empty.body.message).toBe("Payload validation error: 'must set at least one property'.");
    const dup = await t.call('PATCH', `/api/v2/hooks/${hook.id}`, {
      token: admin,
      body: { name: 'my-hook' },
    });
    expect(dup.status).toBe(409);
  });

  it('answers 404 for an unknown hook everywhere', async () => {
    const notFound = {
      statusCode: 404,
      error: 'Not Found',
      message: 'Hook not found',
      errorCode: 'inexistent_hook',
    };
    for (const [method, path, body] of [
      ['GET', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00', undefined],
      ['PATCH', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00', { name: 'x' }],
      ['DELETE', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00', undefined],
      ['GET', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00/secrets', undefined],
      ['POST', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00/secrets', { A: 'b' }],
      ['GET', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00/logs', undefined],
      ['POST', '/api/v2/hooks/01ABCDEFGHJKMNPQRSTVWXYZ00/try', {}],
    ] as const) {
      const res = await t.call(method, path, { token: admin, body });
      expect([method, path, res.status, res.body]).toEqual([method, path, 404, notFound]);
    }
  });

  it('deletes a hook (204)', async () => {
    const hook = (await create({ name: 'delete-me' })).body;
    const res = await t.call('DELETE', `/api/v2/hooks/${hook.id}`, { token: admin });
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await t.call('GET', `/api/v2/hooks/${hook.id}`, { token: admin })).status).toBe(404);
  });
});

describe('/api/v2/hooks/{id}/secrets', () => {
  it('is write-only: values read back as _VALUE_NOT_SHOWN_', async () => {
    const hook = (await create({ name: 'secretive' })).body;
    const path = `/api/v2/hooks/${hook.id}/secrets`;
    expect((await t.call('GET', path, { token: admin })).body).toEqual({});
    const added = await t.call('POST', path, {
      token: admin,
      body: { API_KEY: 'alpha-value', OTHER: 'beta-value' },
    });
    expect([added.status, added.body]).toEqual([201, {}]);
    expect((await t.call('GET', path, { token: admin })).body).toEqual({
      API_KEY: '_VALUE_NOT_SHOWN_',
      OTHER: '_VALUE_NOT_SHOWN_',
    });

    const dup = await t.call('POST', path, { token: admin, body: { API_KEY: 'x' } });
    expect([dup.status, dup.body]).toEqual([
      409,
      {
        statusCode: 409,
        error: 'Conflict',
        message: 'Secret already exists: API_KEY',
        errorCode: 'hook_secret_conflict',
      },
    ]);

    const updated = await t.call('PATCH', path, {
      token: admin,
      body: { API_KEY: 'gamma-value', OTHER: '_VALUE_NOT_SHOWN_' },
    });
    expect([updated.status, updated.body]).toEqual([201, {}]);
    const runnable = await t.services.repos.hooks.runnable(hook.id);
    expect(runnable?.secrets).toEqual({ API_KEY: 'gamma-value', OTHER: 'beta-value' });

    const missing = await t.call('PATCH', path, { token: admin, body: { NOPE: 'x' } });
    expect([missing.status, missing.body]).toEqual([
      404,
      {
        statusCode: 404,
        error: 'Not Found',
        message: 'Secret not found: NOPE',
        errorCode: 'inexistent_hook_secret',
      },
    ]);

    const removed = await t.call('DELETE', path, { token: admin, body: ['OTHER'] });
    expect([removed.status, removed.text]).toEqual([204, '']);
    expect((await t.call('GET', path, { token: admin })).body).toEqual({
      API_KEY: '_VALUE_NOT_SHOWN_',
    });
  });

  it('stores the placeholder as a new value as "no value": listed as unset, absent in runs, warned about in the log', async () => {
    const hook = (
      await create({
        name: 'imported',
        enabled: true,
        script:
          "module.exports = function (client, scope, audience, context, cb) { cb(null, { 'https://x.example/has': Object.keys(context.webtask.secrets).join(',') }); };",
      })
    ).body;
    const path = `/api/v2/hooks/${hook.id}/secrets`;
    const placeholder = await t.call('POST', path, {
      token: admin,
      body: { A: '_VALUE_NOT_SHOWN_', B: 'b-value' },
    });
    expect([placeholder.status, placeholder.body]).toEqual([201, {}]);
    expect((await t.call('GET', path, { token: admin })).body).toEqual({
      A: '_VALUE_NOT_SHOWN_',
      B: '_VALUE_NOT_SHOWN_',
    });
    expect((await t.call('GET', `${path}/unset`, { token: admin })).body).toEqual({ names: ['A'] });
    // Sent back as read, the placeholder still sets nothing.
    await t.call('PATCH', path, { token: admin, body: { A: '_VALUE_NOT_SHOWN_' } });
    expect((await t.services.repos.hooks.runnable(hook.id))?.secrets).toEqual({ B: 'b-value' });

    const { clientId, clientSecret } = await t.createClientWithGrant(
      MANAGEMENT_AUDIENCE,
      [],
      'imported-hook-client',
    );
    const res = await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        audience: MANAGEMENT_AUDIENCE,
      },
    });
    expect(res.status).toBe(200);
    const claims = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(claims['https://x.example/has']).toBe('B');
    await t.services.repos.logs.flush();
    const logs = await t.call('GET', `/api/v2/hooks/${hook.id}/logs?per_page=1`, { token: admin });
    expect(logs.body[0].logs[0]).toEqual({
      level: 'warn',
      message:
        "Secret A has no value (it was imported as _VALUE_NOT_SHOWN_): the hook ran without it. Set it on the hook's Secrets tab.",
    });

    await t.call('PATCH', path, { token: admin, body: { A: 'a-value' } });
    expect((await t.call('GET', `${path}/unset`, { token: admin })).body).toEqual({ names: [] });
    await t.call('PATCH', `/api/v2/hooks/${hook.id}`, { token: admin, body: { enabled: false } });
  });

  it('refuses more than 20 secrets', async () => {
    const hook = (await create({ name: 'limits' })).body;
    const path = `/api/v2/hooks/${hook.id}/secrets`;
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`S${i}`, 'v']));
    expect((await t.call('POST', path, { token: admin, body: twenty })).status).toBe(201);
    const more = await t.call('POST', path, { token: admin, body: { S20: 'v' } });
    expect([more.status, more.body.message]).toEqual([
      400,
      'Payload validation error: a hook can have at most 20 secrets.',
    ]);
  });

  it('stores values encrypted', async () => {
    const hook = (await create({ name: 'encrypted' })).body;
    await t.call('POST', `/api/v2/hooks/${hook.id}/secrets`, {
      token: admin,
      body: { TOKEN: 'plain-text-value-123' },
    });
    const rows = await t.services.db
      .selectFrom('hook_secrets')
      .selectAll()
      .where('hook_id', '=', hook.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.value_enc).not.toContain('plain-text-value-123');
  });
});

describe('scopes on /api/v2/hooks', () => {
  it.each([
    ['GET', '/api/v2/hooks', 'read:hooks'],
    ['POST', '/api/v2/hooks', 'create:hooks'],
    ['GET', '/api/v2/hooks/x', 'read:hooks'],
    ['PATCH', '/api/v2/hooks/x', 'update:hooks'],
    ['DELETE', '/api/v2/hooks/x', 'delete:hooks'],
    ['GET', '/api/v2/hooks/x/secrets', 'read:hooks'],
    ['POST', '/api/v2/hooks/x/secrets', 'create:hooks,update:hooks'],
    ['PATCH', '/api/v2/hooks/x/secrets', 'update:hooks'],
    ['DELETE', '/api/v2/hooks/x/secrets', 'delete:hooks,update:hooks'],
    ['GET', '/api/v2/hooks/x/logs', 'read:hooks'],
    ['POST', '/api/v2/hooks/x/try', 'update:hooks'],
  ])('%s %s needs %s', async (method, path, scopes) => {
    const token = await t.managementToken(['read:clients']);
    const res = await t.call(method, path, { token, body: method === 'GET' ? undefined : {} });
    expect([res.status, res.body]).toEqual([
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: `Insufficient scope, expected any of: ${scopes}`,
        errorCode: 'insufficient_scope',
      },
    ]);
  });
});

describe('GET /api/v2/hooks/:id/logs/stream', () => {
  /** Opens a stream and returns a reader that collects its text. */
  async function open(headers: Record<string, string>, hookId: string) {
    const res = await t.app.request(`/api/v2/hooks/${hookId}/logs/stream`, { headers });
    if (res.status !== 200) return { status: res.status, body: await res.json() };
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    /** Reads until `until` matches, or the stream ends: returns whether it ended. */
    const read = async (until: RegExp) => {
      while (!until.test(text)) {
        const { value, done } = await reader.read();
        if (done) return true;
        text += decoder.decode(value);
      }
      return false;
    };
    return { status: res.status, read, text: () => text, cancel: () => reader.cancel() };
  }
  const runOnce = (hookId: string) =>
    t.call('POST', `/api/v2/hooks/${hookId}/try`, { token: admin, body: {} });

  it('ends at the next event once the console session has signed out, without delivering it', async () => {
    const hook = (await create({ name: 'streamed-session' })).body;
    const headers = { origin: 'http://tokenhook.test', 'x-tokenhook-csrf': '1' };
    const email = t.config.adminEmail;
    await t.services.consoleAuth.ensureAdmin(email, 'stream test password');
    const signIn = await t.call('POST', '/api/session', {
      body: { email, password: 'stream test password' },
      headers,
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const stream = await open({ cookie }, hook.id);
    expect(await stream.read!(/event: ready/)).toBe(false);
    await runOnce(hook.id);
    expect(await stream.read!(/event: execution/)).toBe(false);
    await t.call('DELETE', '/api/session', { headers: { cookie, ...headers } });
    const before = stream.text!().length;
    await runOnce(hook.id);
    expect(await stream.read!(/$^/)).toBe(true);
    expect(stream.text!().slice(before)).not.toContain('event: execution');
  });

  it('ends once the token is revoked (its client deleted)', async () => {
    const hook = (await create({ name: 'streamed-token' })).body;
    const reader = await t.createClientWithGrant(
      'http://tokenhook.test/api/v2/',
      ['read:hooks'],
      'stream reader',
    );
    const token = (
      await t.call('POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: reader.clientId,
          client_secret: reader.clientSecret,
          audience: 'http://tokenhook.test/api/v2/',
        },
      })
    ).body.access_token;
    const stream = await open({ authorization: `Bearer ${token}` }, hook.id);
    expect(await stream.read!(/event: ready/)).toBe(false);
    await t.services.repos.clients.delete(reader.clientId);
    await runOnce(hook.id);
    expect(await stream.read!(/$^/)).toBe(true);
    expect(stream.text!()).not.toContain('event: execution');
  });

  it('caps the streams one token may hold open', async () => {
    const hook = (await create({ name: 'streamed-many' })).body;
    const token = await t.managementToken(['read:hooks']);
    const open5 = await Promise.all(
      Array.from({ length: 5 }, () => open({ authorization: `Bearer ${token}` }, hook.id)),
    );
    expect(open5.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    const sixth = await open({ authorization: `Bearer ${token}` }, hook.id);
    expect([sixth.status, sixth.body]).toEqual([
      429,
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many live log streams open; close one first',
        errorCode: 'too_many_streams',
      },
    ]);
    const other = await open({ authorization: `Bearer ${admin}` }, hook.id);
    expect(other.status).toBe(200);
    await open5[0]!.cancel!();
    await new Promise((r) => setImmediate(r));
    const again = await open({ authorization: `Bearer ${token}` }, hook.id);
    expect(again.status).toBe(200);
    for (const stream of [...open5.slice(1), other, again]) await stream.cancel!();
  });
});
