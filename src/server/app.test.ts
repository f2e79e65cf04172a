import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, CONTENT_SECURITY_POLICY } from './app';
import { createTestServer, type TestServer } from './testing';

let t: TestServer;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await createTestServer();
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'th-web-'));
  fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>');
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  app = createApp({ ...t.services, webRoot });
});
afterAll(() => t.close());

describe('serving the console', () => {
  it('serves index.html for client-side routes with a strict Content-Security-Policy', async () => {
    for (const route of ['/', '/apis', '/applications/abc/credentials']) {
      const res = await app.request(route);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>console</title>');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('serves hashed assets as immutable, and never answers API paths with the console', async () => {
    const asset = await app.request('/assets/app.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const unknownApi = await app.request('/api/v2/nothing');
    expect(unknownApi.status).toBe(401);
    const unknownOauth = await app.request('/oauth/nothing');
    expect([unknownOauth.status, await unknownOauth.json()]).toEqual([404, { error: 'invalid_request', error_description: 'Not found' }]);
    const wellKnown = await app.request('/.well-known/nothing');
    expect(wellKnown.status).toBe(404);
  });
});

describe('Server-Timing', () => {
  it('says how long every Management API response took on the server, errors included', async () => {
    const token = await t.managementToken(['read:clients']);
    const listed = await t.call('GET', '/api/v2/clients?include_totals=true', { token });
    const refused = await t.call('GET', '/api/v2/clients');
    expect([listed.status, refused.status]).toEqual([200, 401]);
    for (const res of [listed, refused]) {
      const [, dur] = /^app;dur=(\d+\.\d{2})$/.exec(res.headers.get('server-timing') ?? '') ?? [];
      expect(Number(dur)).toBeGreaterThanOrEqual(0);
      expect(Number(dur)).toBeLessThan(10_000);
    }
    const oauth = await t.call('POST', '/oauth/token', { body: {} }); // not the Management API
    expect(oauth.headers.get('server-timing')).toBeNull();
  });
});
