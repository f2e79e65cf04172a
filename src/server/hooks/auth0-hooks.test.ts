/**
 * Auth0 credentials-exchange hooks as people wrote them, unchanged, through the real token
 * endpoint: `request` with a callback, `axios` with a URL from the hook's secrets,
 * `crypto.createHmac` with `fetch`, and `context.body`. Each token must carry exactly the claims
 * Auth0 issued for the same hook (written out below). npm modules come from a registry stand-in
 * on 127.0.0.1 (tarballs packed from node_modules); the API they call listens on 127.0.0.2, the
 * only address HOOK_EGRESS_ALLOW lets through.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHookTrial, createTestServer, TEST_ISSUER, type TestServer } from '../testing';
import { standInPackagesFrom } from './modules/stand-in-packages';
import { startStandInRegistry } from './modules/stand-in-registry';

const API = 'https://api.example.com/';
const SIGNING_KEY = 'hook-signing-key';

let registry: Awaited<ReturnType<typeof startStandInRegistry>>;
let t: TestServer;
let trial: Awaited<ReturnType<typeof createHookTrial>>;
let api: http.Server;
let refused: http.Server;
let apiUrl = '';
let refusedUrl = '';
let refusedHits = 0;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-auth0-hooks-'));

/** The customer's own API the hooks call: answers from what it received. */
function customerApi(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://api');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/tier')
      return res.end(JSON.stringify({ tier: url.searchParams.get('client') ? 'gold' : 'none' }));
    if (url.pathname === '/plans')
      return res.end(JSON.stringify({ plan: JSON.parse(body).client_id ? 'enterprise' : 'none' }));
    if (url.pathname === '/verify') {
      const expected = createHmac('sha256', SIGNING_KEY).update(body).digest('hex');
      return res.end(JSON.stringify({ verified: req.headers['x-signature'] === expected }));
    }
    res.statusCode = 404;
    res.end('{}');
  });
}

beforeAll(async () => {
  registry = await startStandInRegistry(standInPackagesFrom(['request', 'axios']));
  api = http.createServer(customerApi);
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.2', resolve));
  apiUrl = `http://127.0.0.2:${(api.address() as AddressInfo).port}`;
  refused = http.createServer((req, res) => {
    refusedHits++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  refusedUrl = `http://127.0.0.1:${(refused.address() as AddressInfo).port}`;
  t = await createTestServer({
    NPM_CONFIG_REGISTRY: registry.url,
    DATA_DIR: dataDir,
    HOOK_EGRESS_ALLOW: '127.0.0.2',
  });
  trial = await createHookTrial(t, API, 'read:data');
  const secrets = await t.call('POST', `/api/v2/hooks/${trial.hookId}/secrets`, {
    token: trial.admin,
    body: { API_URL: apiUrl, SIGNING_KEY },
  });
  expect(secrets.status, secrets.text).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await registry?.close();
  api?.close();
  refused?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function tokenWith(
  script: string,
  dependencies: Record<string, string> = {},
  extra: Record<string, string> = {},
) {
  const res = await trial.exchange(script, { settings: { dependencies }, params: extra });
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'read:data' });
  return decodeJwt(res.body.access_token as string);
}

/**
 * The access token Auth0 issues for this client and API, with the hook's claims added, plus the
 * one claim Tokenhook adds to every token (README, Tokens): a `jti`.
 */
function auth0Token(iat: unknown, custom: Record<string, unknown>) {
  return {
    jti: expect.any(String),
    iss: `${TEST_ISSUER}/`,
    sub: `${trial.app.clientId}@clients`,
    aud: API,
    iat,
    exp: (iat as number) + 86400,
    scope: 'read:data',
    gty: 'client-credentials',
    azp: trial.app.clientId,
    ...custom,
  };
}

describe('Auth0 hooks run unchanged and issue the tokens Auth0 issued', () => {
  it("request with a callback (webtask style: require('request@2.88.2'))", async () => {
    const claims = await tokenWith(`var request = require('request@2.88.2');

module.exports = function (client, scope, audience, context, cb) {
  request.get({ url: context.webtask.secrets.API_URL + '/tier', qs: { client: client.id }, json: true }, function (err, response, body) {
    if (err) return cb(err);
    var access_token = {};
    access_token.scope = scope;
    access_token['https://example.com/tier'] = body.tier;
    cb(null, access_token);
  });
};`);
    expect(claims).toEqual(auth0Token(claims.iat, { 'https://example.com/tier': 'gold' }));
  });

  it('axios from the hook dependencies, with the URL held in a secret', async () => {
    const claims = await tokenWith(
      `const axios = require('axios');

module.exports = async function (client, scope, audience, context, cb) {
  try {
    const { data } = await axios.post(context.webtask.secrets.API_URL + '/plans', { client_id: client.id, audience });
    cb(null, { scope, 'https://example.com/plan': data.plan });
  } catch (err) {
    cb(err);
  }
};`,
      { axios: '1.7.9' },
    );
    expect(claims).toEqual(auth0Token(claims.iat, { 'https://example.com/plan': 'enterprise' }));
  });

  it('crypto.createHmac signs a request sent with fetch', async () => {
    const claims = await tokenWith(`const crypto = require('crypto');

module.exports = async function (client, scope, audience, context, cb) {
  const payload = JSON.stringify({ client: client.id, audience });
  const signature = crypto.createHmac('sha256', context.webtask.secrets.SIGNING_KEY).update(payload).digest('hex');
  const res = await fetch(context.webtask.secrets.API_URL + '/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature },
    body: payload,
  });
  const { verified } = await res.json();
  cb(null, { scope, 'https://example.com/verified': verified });
};`);
    expect(claims).toEqual(auth0Token(claims.iat, { 'https://example.com/verified': true }));
  });

  it("context.body: the token request's parameters", async () => {
    const claims = await tokenWith(
      `module.exports = function (client, scope, audience, context, cb) {
  var access_token = { scope: scope };
  access_token['https://example.com/org'] = context.body.org_id;
  access_token['https://example.com/grant'] = context.body.grant_type;
  access_token['https://example.com/audience'] = context.body.audience;
  access_token['https://example.com/has_secret'] = 'client_secret' in context.body;
  cb(null, access_token);
};`,
      {},
      { org_id: 'org_123' },
    );
    expect(claims).toEqual(
      auth0Token(claims.iat, {
        'https://example.com/org': 'org_123',
        'https://example.com/grant': 'client_credentials',
        'https://example.com/audience': API,
        'https://example.com/has_secret': false,
      }),
    );
  });

  it('a call outside the egress policy is refused with an error naming the host and the policy', async () => {
    const claims = await tokenWith(
      `var request = require('request');
module.exports = function (client, scope, audience, context, cb) {
  request(${JSON.stringify(refusedUrl)} + '/internal', function (err) {
    cb(null, { scope: scope, 'https://example.com/error': err ? err.code + ': ' + err.message : 'none' });
  });
};`,
      { request: '2.88.2' },
    );
    const error = String(claims['https://example.com/error']);
    expect(error).toMatch(
      /^EGRESS_DENIED: Outbound request to http:\/\/127\.0\.0\.1:\d+ refused: /,
    );
    expect(error).toMatch(/HOOK_EGRESS_ALLOW/);
    expect(refusedHits).toBe(0);
  });
});
