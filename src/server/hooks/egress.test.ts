/**
 * Hooks that call out, end to end: /oauth/token runs a hook on the real worker pool, whose
 * `fetch` and `https`-style clients reach a stand-in API through the server's egress policy.
 * Only loopback is used: the policy allows 127.0.0.2 (where the stand-in listens) and refuses
 * 127.0.0.1 by default, like any loopback, private or link-local address.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHookTrial, createTestServer, type TestServer } from '../testing';

const API = 'https://egress.example';

let t: TestServer;
let trial: Awaited<ReturnType<typeof createHookTrial>>;
let allowed: http.Server;
let denied: http.Server;
const seen: { url?: string; signature?: string }[] = [];

function standIn(host: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url, signature: req.headers['x-signature'] as string | undefined });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ tier: 'gold', path: req.url }));
  });
  return new Promise((resolve) => server.listen(0, host, () => resolve(server)));
}
const port = (s: http.Server) => (s.address() as AddressInfo).port;

beforeAll(async () => {
  allowed = await standIn('127.0.0.2');
  denied = await standIn('127.0.0.1');
  t = await createTestServer({ HOOK_EGRESS_ALLOW: '127.0.0.2' });
  trial = await createHookTrial(t, API, 'read');
}, 60_000);
afterAll(async () => {
  await t.close();
  allowed.close();
  denied.close();
});

const tokenWith = (script: string, params: Record<string, string> = {}) =>
  trial.exchange(script, { settings: { timeout_ms: 2000 }, params });

describe('hooks that call out', () => {
  it('fetch with an HMAC of context.body reaches an allowed host, and its answer becomes a claim', async () => {
    const url = `http://127.0.0.2:${port(allowed)}/tier`;
    const res = await tokenWith(
      `const crypto = require('crypto');
       module.exports = async function (client, scope, audience, context, cb) {
         const signature = crypto.createHmac('sha256', 'k').update(context.body.org).digest('hex');
         const r = await fetch(${JSON.stringify(url)} + '?org=' + encodeURIComponent(context.body.org), { headers: { 'x-signature': signature } });
         const data = await r.json();
         cb(null, { scope, 'https://egress.example/tier': data.tier, 'https://egress.example/org': context.body.org });
       };`,
      { org: 'acme' },
    );
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token)).toMatchObject({
      'https://egress.example/tier': 'gold',
      'https://egress.example/org': 'acme',
    });
    const { createHmac } = await import('node:crypto');
    expect(seen.at(-1)).toEqual({
      url: '/tier?org=acme',
      signature: createHmac('sha256', 'k').update('acme').digest('hex'),
    });
  });

  it('http.get with callbacks, as request-style code does', async () => {
    const url = `http://127.0.0.2:${port(allowed)}/cb`;
    const res = await tokenWith(
      `const http = require('http');
       module.exports = function (client, scope, audience, context, cb) {
         http.get(${JSON.stringify(url)}, (r) => {
           let text = '';
           r.on('data', (d) => (text += d));
           r.on('end', () => cb(null, { scope, 'https://egress.example/path': JSON.parse(text).path }));
         }).on('error', cb);
       };`,
    );
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token)).toMatchObject({
      'https://egress.example/path': '/cb',
    });
  });

  it('refuses loopback outside the allow list, naming the host and the policy', async () => {
    const before = seen.length;
    const url = `http://127.0.0.1:${port(denied)}/secret`;
    const res = await tokenWith(
      `module.exports = async function (client, scope, audience, context, cb) {
         try { await fetch(${JSON.stringify(url)}); cb(null, { scope }); }
         catch (e) { cb(null, { scope, 'https://egress.example/error': String(e.message) }); }
       };`,
    );
    expect(res.status).toBe(200);
    const message = String(decodeJwt(res.body.access_token)['https://egress.example/error']);
    expect(message).toContain('127.0.0.1');
    expect(message.toLowerCase()).toMatch(/polic|not allowed|refused|denied/);
    expect(seen.length).toBe(before);
  });
});
