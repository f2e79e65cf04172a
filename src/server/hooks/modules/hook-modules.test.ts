/**
 * npm modules end to end: saving a hook resolves its modules from a registry stand-in on
 * 127.0.0.1, stores the lock with the version, and tokens carry claims the modules computed; a
 * second server on the same store with its own DATA_DIR installs from the lock and runs them.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../../testing';
import { startStandInRegistry } from './stand-in-registry';

const API = 'https://modules.example';
const decode = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let t: TestServer;
let admin: string;
let app: { clientId: string; clientSecret: string };
const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-modules-'));
  dirs.push(dir);
  return dir;
};
let sqliteFile: string;
const masterKey = randomBytes(32);

beforeAll(async () => {
  registry = await startStandInRegistry([
    {
      name: 'tiny-assign',
      version: '2.0.0',
      files: {
        'index.js': 'module.exports = function (t, s) { for (var k in s) t[k] = s[k]; return t; };',
      },
    },
    {
      name: 'tiny-assign',
      version: '2.1.0',
      files: {
        'index.js':
          'module.exports = function (t, s) { for (var k in s) t[k] = s[k]; t["https://m.example/assign"] = "2.1.0"; return t; };',
      },
    },
    {
      name: 'tiny-merge',
      version: '1.0.0',
      dependencies: { 'tiny-assign': '^2.0.0' },
      main: 'lib/merge.js',
      files: {
        'lib/merge.js':
          "var assign = require('tiny-assign');\nvar meta = require('../meta.json');\nmodule.exports = function (a, b) { return assign(assign({}, a), b); };\nmodule.exports.meta = meta;",
        'meta.json': '{"by":"tiny-merge"}',
      },
    },
    {
      name: 'tampered',
      version: '1.0.0',
      files: { 'index.js': 'module.exports = 1;' },
      tamperedTarball: Buffer.from('not the tarball'),
    },
  ]);
  sqliteFile = path.join(tmp(), 'store.sqlite');
  t = await createTestServer(
    { NPM_CONFIG_REGISTRY: registry.url, DATA_DIR: tmp() },
    { sqliteFile, masterKey },
  );
  admin = await t.managementToken(managementScopes.map((s) => s.value));
  await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: { identifier: API, scopes: [{ value: 'read:data' }] },
  });
  app = await t.createClientWithGrant(API, ['read:data']);
}, 60_000);

afterAll(async () => {
  await t?.close();
  await registry?.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const token = async (server: TestServer) => {
  const res = await server.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      audience: API,
    },
  });
  expect(res.status, res.text).toBe(200);
  return decode(res.body.access_token);
};

const BY_DEPENDENCY = `module.exports = function (client, scope, audience, context, cb) {
  var merge = require('tiny-merge');
  cb(null, merge({ scope: scope }, { 'https://m.example/merged': merge({ a: 1 }, { b: 2 }), 'https://m.example/meta': merge.meta }));
};`;

describe('npm modules of hooks', () => {
  let hookId: string;

  it('dependencies: the save resolves and locks them; the token carries what the module computed', async () => {
    const res = await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: {
        name: 'with-deps',
        script: BY_DEPENDENCY,
        triggerId: 'credentials-exchange',
        dependencies: { 'tiny-merge': '1.0.0' },
        enabled: true,
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.dependencies).toEqual({ 'tiny-merge': '1.0.0' });
    hookId = res.body.id;
    expect(
      (await t.call('GET', `/api/v2/hooks/${hookId}`, { token: admin })).body.dependencies,
    ).toEqual({ 'tiny-merge': '1.0.0' });
    const claims = await token(t);
    expect(claims).toMatchObject({
      'https://m.example/merged': { a: 1, b: 2, 'https://m.example/assign': '2.1.0' },
      'https://m.example/meta': { by: 'tiny-merge' },
    });
  });

  it("require('name@version') in the code is a module too", async () => {
    const script = `module.exports = function (client, scope, audience, context, cb) {
  var merge = require('tiny-merge@1.0.0'), assign = require('tiny-assign@2.0.0');
  cb(null, { scope: scope, 'https://m.example/pinned': assign(merge({ x: 1 }, {}), { y: 2 }) });
};`;
    const res = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
      token: admin,
      body: { script, dependencies: {} },
    });
    expect(res.status, res.text).toBe(200);
    // The hook pins tiny-assign@2.0.0, which also satisfies tiny-merge's ^2.0.0: one copy, as npm would (no 2.1.0 marker).
    expect((await token(t))['https://m.example/pinned']).toEqual({ x: 1, y: 2 });
  });

  it('an unknown module fails the save with a 400 naming it, and nothing goes live', async () => {
    const before = (await t.call('GET', `/api/v2/hooks/${hookId}`, { token: admin })).body;
    const res = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
      token: admin,
      body: { script: BY_DEPENDENCY, dependencies: { 'no-such-module': '1.0.0' } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      errorCode: 'hook_module_error',
    });
    expect(res.body.message).toContain('no-such-module');
    expect((await t.call('GET', `/api/v2/hooks/${hookId}`, { token: admin })).body).toEqual(before);
    expect((await token(t))['https://m.example/pinned']).toBeDefined();
    const created = await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: {
        name: 'never-saved',
        script: "module.exports = function (cb) { require('left-pad@1.0.0'); cb(); };",
        triggerId: 'credentials-exchange',
      },
    });
    expect([created.status, created.body.errorCode]).toEqual([400, 'hook_module_error']);
    expect(created.body.message).toContain('left-pad');
  });

  it('a tarball that does not match its integrity fails the save with a 400', async () => {
    const res = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
      token: admin,
      body: { dependencies: { tampered: '1.0.0' } },
    });
    expect([res.status, res.body.errorCode]).toEqual([400, 'hook_module_error']);
    expect(res.body.message).toContain('does not match its integrity');
  });

  it("the gate runs a hook's test cases with the modules of the change", async () => {
    const created = await t.call('POST', '/api/v2/hooks', {
      token: admin,
      body: {
        name: 'gated',
        script:
          'module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope }); };',
        triggerId: 'credentials-exchange',
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;
    const testCase = await t.call('POST', `/api/v2/hooks/${id}/tests`, {
      token: admin,
      body: {
        name: 'merges',
        expect: {
          claims: { 'https://m.example/g': { a: 1, b: 2, 'https://m.example/assign': '2.1.0' } },
        },
      },
    });
    expect(testCase.status, testCase.text).toBe(201);
    const script = `module.exports = function (client, scope, audience, context, cb) {
  cb(null, { scope: scope, 'https://m.example/g': require('tiny-merge@1.0.0')({ a: 1 }, { b: 2 }) });
};`;
    const res = await t.call('PATCH', `/api/v2/hooks/${id}`, {
      token: admin,
      body: { script, enabled: true },
    });
    expect(res.status, res.text).toBe(200);
    expect((await token(t))['https://m.example/g']).toEqual({
      a: 1,
      b: 2,
      'https://m.example/assign': '2.1.0',
    });
    expect(
      (await t.call('PATCH', `/api/v2/hooks/${hookId}`, { token: admin, body: { enabled: true } }))
        .status,
    ).toBe(200);
  });

  it('a second server on the same store with another DATA_DIR installs from the lock and runs the same modules', async () => {
    expect(
      (
        await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
          token: admin,
          body: { script: BY_DEPENDENCY, dependencies: { 'tiny-merge': '1.0.0' } },
        })
      ).status,
    ).toBe(200);
    const packuments = registry.requests.filter((r) => !r.endsWith('.tgz')).length;
    const dataDir = tmp();
    const second = await createTestServer(
      { NPM_CONFIG_REGISTRY: registry.url, DATA_DIR: dataDir },
      { sqliteFile, masterKey },
    );
    try {
      expect(await token(second)).toMatchObject({
        'https://m.example/merged': { a: 1, b: 2 },
        'https://m.example/meta': { by: 'tiny-merge' },
      });
      // From the lock: tarballs only, no new resolution.
      expect(registry.requests.filter((r) => !r.endsWith('.tgz')).length).toBe(packuments);
      expect(fs.readdirSync(path.join(dataDir, 'modules')).length).toBe(2);
    } finally {
      await second.close();
    }
  });
});
