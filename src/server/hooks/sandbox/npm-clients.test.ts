// Real npm HTTP clients (request, axios, node-fetch, the auth0 SDK) run unchanged in the sandbox:
// installed from a registry stand-in on 127.0.0.1 (tarballs packed from this repository's
// node_modules), they reach stand-in servers on 127.0.0.2 through the worker's egress policy,
// which refuses 127.0.0.1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { afterAll as after, beforeAll as before, describe, it } from 'vitest';
import { createTestServer, type TestServer } from '../../testing.js';
import { selfSignedCertificate } from '../../testing-tls.js';
import { loadModuleFiles } from '../modules/files.js';
import { resolveModules } from '../modules/install.js';
import { standInPackagesFrom } from '../modules/stand-in-packages.js';
import { startStandInRegistry } from '../modules/stand-in-registry.js';
import { HookPool } from './pool.js';
import type { HookModuleSet } from './protocol.js';

const ROOTS = { request: '2.88.2', axios: '1.7.9', 'node-fetch': '2.7.0' };

let pool: HookPool;
let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let api: Server;
let refused: Server;
let base = '';
let refusedBase = '';
let modules: { key: string; set: HookModuleSet };
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-npm-clients-'));
const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] =
  [];
let refusedHits = 0;
let tenant: https.Server;
let tokenhook: TestServer;
let domain = '';

function listen(host: string, handler: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}

before(async () => {
  // node_modules/axios-0 and auth0-4 hold axios 0.27.2 and auth0 4.37.1 under npm aliases;
  // hooks ask for them as axios@0.27.2 and auth0@4.37.1.
  registry = await startStandInRegistry(
    standInPackagesFrom([...Object.keys(ROOTS), 'axios-0', 'auth0-4']),
  );
  const lock = await resolveModules(
    [
      ...Object.entries(ROOTS).map(([name, version]) => ({ root: name, name, range: version })),
      { root: 'axios@0.27.2', name: 'axios', range: '0.27.2' },
      { root: 'auth0@4.37.1', name: 'auth0', range: '4.37.1' },
    ],
    { registry: registry.url, cacheDir },
  );
  modules = { key: 'npm-clients', set: await loadModuleFiles(lock, cacheDir) };
  api = await listen('127.0.0.2', (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/profile?via=redirect' }).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ tier: 'gold', method: req.method, url: req.url, body }));
    });
  });
  refused = await listen('127.0.0.1', (req, res) => {
    refusedHits++;
    res.end('{}');
  });
  base = `http://127.0.0.2:${(api.address() as AddressInfo).port}`;
  refusedBase = `http://127.0.0.1:${(refused.address() as AddressInfo).port}`;
  // Tokenhook itself over HTTPS on 127.0.0.2 (the auth0 SDK speaks https only), with a
  // certificate made for the test that the egress trusts besides the system's roots.
  const { cert, key } = selfSignedCertificate(cacheDir, '127.0.0.2');
  const listener = getRequestListener((req, env) => tokenhook.app.fetch(req, env));
  tenant = https.createServer({ cert, key }, (req, res) => void listener(req, res));
  await new Promise<void>((resolve) => tenant.listen(0, '127.0.0.2', resolve));
  domain = `127.0.0.2:${(tenant.address() as AddressInfo).port}`;
  tokenhook = await createTestServer({ ISSUER_BASE_URL: `https://${domain}` });
  pool = new HookPool({
    size: 1,
    egress: {
      allow: ['127.0.0.2'],
      deny: [],
      maxRequests: 20,
      maxResponseBytes: 1024 * 1024,
      ownListeners: [],
      ca: [cert],
    },
  });
  await pool.ready();
}, 120_000);
after(async () => {
  await pool?.close();
  await tokenhook?.close();
  tenant?.close();
  await registry?.close();
  api?.close();
  refused?.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

let n = 0;
async function run(script: string) {
  return pool.run({
    hookId: `npm${++n}`,
    version: '1',
    script,
    args: [{ id: 'c1' }, ['read'], 'https://api.example', { body: { org: 'acme' } }],
    timeoutMs: 8000,
    modules,
  });
}
async function value(script: string): Promise<unknown> {
  const r = await run(script);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
}

describe('request 2.88.2', () => {
  it('GET with json: true and a callback; POST with a JSON body answered by a redirect', async () => {
    const v = await value(`var request = require('request');
      module.exports = function (client, scope, audience, context, cb) {
        request({ url: ${JSON.stringify(base)} + '/profile?org=' + context.body.org, json: true, headers: { 'x-test': '1' } }, function (err, res, body) {
          if (err) return cb(err);
          request.post({ url: ${JSON.stringify(base)} + '/moved', json: { org: context.body.org } }, function (err2, res2, body2) {
            if (err2) return cb(err2);
            cb(null, [res.statusCode, body.tier, body.url, res.headers['content-type'], res2.statusCode, res2.headers.location, body2]);
          });
        });
      };`);
    // As in Node: request follows redirects of GETs only (followAllRedirects is off).
    assert.deepEqual(v, [
      200,
      'gold',
      '/profile?org=acme',
      'application/json',
      302,
      '/profile?via=redirect',
      null, // no body (undefined, which JSON carries as null)
    ]);
    const posted = seen.find((s) => s.url === '/moved');
    assert.equal(posted?.body, '{"org":"acme"}');
    assert.equal(posted?.headers['content-type'], 'application/json');
    assert.equal(seen.find((s) => s.url === '/profile?org=acme')?.headers['x-test'], '1');
  });

  it('form bodies and followRedirect for GET', async () => {
    const v = await value(`var request = require('request');
      module.exports = function (client, scope, audience, context, cb) {
        request.post(${JSON.stringify(base)} + '/form', { form: { a: 'b c', org: context.body.org } }, function (err, res, body) {
          if (err) return cb(err);
          request.get(${JSON.stringify(base)} + '/moved', function (err2, res2, body2) {
            cb(err2, [JSON.parse(body).body, res2.statusCode, JSON.parse(body2).url]);
          });
        });
      };`);
    assert.deepEqual(v, ['a=b%20c&org=acme', 200, '/profile?via=redirect']);
  });

  it('a refused host comes back as the callback error, naming the host and the policy', async () => {
    const v = await value(`var request = require('request');
      module.exports = function (client, scope, audience, context, cb) {
        request(${JSON.stringify(refusedBase)} + '/x', function (err) { cb(null, err ? [err.code, err.message] : 'no error'); });
      };`);
    assert.ok(Array.isArray(v), JSON.stringify(v));
    assert.equal(v[0], 'EGRESS_DENIED');
    assert.match(String(v[1]), /127\.0\.0\.1.*refused/);
    assert.equal(refusedHits, 0);
  });
});

describe('axios 1.7.9', () => {
  it('picks the http adapter: get with params and headers, post with JSON, create() with a baseURL and a redirect; a refusal rejects with an AxiosError', async () => {
    const v = await value(`const axios = require('axios');
      module.exports = async function (client, scope, audience, context, cb) {
        const url = ${JSON.stringify(base)};
        const a = await axios.get(url + '/profile', { params: { org: context.body.org }, headers: { 'x-test': 'ax' } });
        const b = await axios.post(url + '/items', { org: context.body.org, n: 1 });
        const c = await axios.create({ baseURL: url, timeout: 2000 }).get('/moved');
        let refused;
        try { await axios.get(${JSON.stringify(refusedBase)} + '/x'); } catch (e) { refused = [e.code, e.message, e.isAxiosError]; }
        cb(null, [a.status, a.data.tier, a.data.url, b.data.body, c.data.url, typeof a.request.getHeader, refused]);
      };`);
    assert.ok(Array.isArray(v), JSON.stringify(v));
    assert.deepEqual(v.slice(0, 6), [
      200,
      'gold',
      '/profile?org=acme',
      '{"org":"acme","n":1}',
      '/profile?via=redirect',
      'function', // the response came through http.ClientRequest: the http adapter
    ]);
    const refusal = v[6] as [string, string, boolean];
    assert.equal(refusal[0], 'EGRESS_DENIED');
    assert.match(refusal[1], /127\.0\.0\.1.*refused/);
    assert.equal(refusal[2], true);
    assert.equal(refusedHits, 0);
    const posted = seen.find((s) => s.url === '/items');
    assert.match(String(posted?.headers['content-type']), /^application\/json/);
  });
});

describe('axios 0.27.2 (Node http adapter only)', () => {
  it("require('axios@0.27.2') beside axios 1.x: get and post through the http adapter; refusals reject", async () => {
    const v = await value(`const axios = require('axios@0.27.2');
      module.exports = function (client, scope, audience, context, cb) {
        axios.get(${JSON.stringify(base)} + '/old', { params: { org: context.body.org } })
          .then(function (a) { return axios.post(${JSON.stringify(base)} + '/old-post', { org: context.body.org }).then(function (b) { return [a, b]; }); })
          .then(function (r) {
            return axios.get(${JSON.stringify(refusedBase)} + '/x').then(function () { return 'no error'; }, function (e) { return [e.code, e.message]; })
              .then(function (refused) { cb(null, [axios.VERSION, require('axios').VERSION, r[0].data.url, r[1].data.body, refused]); });
          })
          .catch(cb);
      };`);
    assert.ok(Array.isArray(v), JSON.stringify(v));
    assert.deepEqual(v.slice(0, 4), ['0.27.2', '1.7.9', '/old?org=acme', '{"org":"acme"}']);
    const refusal = v[4] as [string, string];
    assert.equal(refusal[0], 'EGRESS_DENIED');
    assert.match(refusal[1], /127\.0\.0\.1.*refused/);
  });
});

describe('node-fetch 2.7.0', () => {
  it('get, post, json(), headers, redirects; a refused host rejects with a FetchError', async () => {
    const v = await value(`const fetch = require('node-fetch');
      module.exports = async function (client, scope, audience, context, cb) {
        const r = await fetch(${JSON.stringify(base)} + '/nf?org=' + context.body.org, { headers: { 'x-test': 'nf' } });
        const j = await r.json();
        const p = await fetch(${JSON.stringify(base)} + '/moved', { method: 'POST', body: 'plain', headers: { 'content-type': 'text/plain' } });
        const t = await p.text();
        let refused;
        try { await fetch(${JSON.stringify(refusedBase)} + '/x'); } catch (e) { refused = [e.name, e.code, e.message]; }
        cb(null, [r.status, r.ok, r.headers.get('content-type'), j.url, p.status, JSON.parse(t).url, refused]);
      };`);
    assert.ok(Array.isArray(v), JSON.stringify(v));
    assert.deepEqual(v.slice(0, 6), [
      200,
      true,
      'application/json',
      '/nf?org=acme',
      200,
      '/profile?via=redirect',
    ]);
    const refusal = v[6] as [string, string, string];
    assert.equal(refusal[0], 'FetchError');
    assert.equal(refusal[1], 'EGRESS_DENIED');
    assert.match(refusal[2], /127\.0\.0\.1.*refused/);
    assert.equal(refusedHits, 0);
  });
});

describe('auth0 4.37.1 (the SDK)', () => {
  it("ManagementClient gets a token and reads Tokenhook's own Management API when the policy allows it", async () => {
    const { clientId, clientSecret } = await tokenhook.createClientWithGrant(
      `https://${domain}/api/v2/`,
      ['read:clients'],
      'hook management client',
    );
    const v = await value(`const { ManagementClient } = require('auth0@4.37.1');
      module.exports = async function (client, scope, audience, context, cb) {
        const management = new ManagementClient({ domain: ${JSON.stringify(domain)}, clientId: ${JSON.stringify(clientId)}, clientSecret: ${JSON.stringify(clientSecret)} });
        const { data } = await management.clients.get({ client_id: ${JSON.stringify(clientId)} });
        const refused = new ManagementClient({ domain: ${JSON.stringify(refusedBase.slice(7))}, token: 'x' });
        const error = await refused.clients.getAll().then(() => 'no error', (e) => e.cause ? e.cause.code + ': ' + e.cause.message : e.message);
        cb(null, [data.client_id, data.name, error]);
      };`);
    assert.ok(Array.isArray(v), JSON.stringify(v));
    assert.deepEqual(v.slice(0, 2), [clientId, 'hook management client']);
    assert.match(
      String(v[2]),
      /^EGRESS_DENIED: Outbound request to https:\/\/127\.0\.0\.1:\d+ refused/,
    );
    assert.equal(refusedHits, 0);
  });
});

describe('over HTTPS', () => {
  it('request (strictSSL: the host verified the certificate), axios and node-fetch read a JSON document', async () => {
    const url = `https://${domain}/.well-known/openid-configuration`;
    const v =
      await value(`const request = require('request'), axios = require('axios'), fetch = require('node-fetch');
      module.exports = function (client, scope, audience, context, cb) {
        request({ url: ${JSON.stringify(url)}, json: true, strictSSL: true }, async function (err, res, body) {
          if (err) return cb(err);
          try {
            const a = await axios.get(${JSON.stringify(url)});
            const f = await (await fetch(${JSON.stringify(url)})).json();
            cb(null, [res.statusCode, body.issuer, a.data.issuer, f.issuer]);
          } catch (e) { cb(e); }
        });
      };`);
    const issuer = `https://${domain}/`;
    assert.deepEqual(v, [200, issuer, issuer, issuer]);
  });
});

describe('guest polyfills', () => {
  it('guest-polyfills.ts is what scripts/build-guest-polyfills.mjs makes from the installed packages', () => {
    execFileSync(process.execPath, ['scripts/build-guest-polyfills.mjs', '--check'], {
      stdio: 'pipe',
    });
  });
});
