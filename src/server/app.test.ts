import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_COMPRESSION_THRESHOLD, createApp, CONTENT_SECURITY_POLICY } from './app';
import { createTestServer, type TestServer } from './testing';

let t: TestServer;
let app: ReturnType<typeof createApp>;
const bigScript = `export const names = ${JSON.stringify(Array.from({ length: 500 }, (_, i) => `name-${i}`))};\n`;

beforeAll(async () => {
  t = await createTestServer();
  const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'th-web-'));
  fs.writeFileSync(
    path.join(webRoot, 'index.html'),
    '<!doctype html><title>console</title><script type="module" src="/assets/app.js"></script>',
  );
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(path.join(webRoot, 'assets', 'app.js'), 'console.log(1)');
  // What the build writes for a larger chunk: the file, its brotli and its gzip copies.
  fs.writeFileSync(path.join(webRoot, 'assets', 'big-abc123.js'), bigScript);
  fs.writeFileSync(
    path.join(webRoot, 'assets', 'big-abc123.js.br'),
    zlib.brotliCompressSync(bigScript),
  );
  fs.writeFileSync(path.join(webRoot, 'assets', 'big-abc123.js.gz'), zlib.gzipSync(bigScript));
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
    expect([unknownOauth.status, await unknownOauth.json()]).toEqual([
      404,
      { error: 'invalid_request', error_description: 'Not found' },
    ]);
    const wellKnown = await app.request('/.well-known/nothing');
    expect(wellKnown.status).toBe(404);
  });
});

describe('compression', () => {
  it('sends the precompressed copy the client accepts, with Content-Encoding, Vary and immutable caching', async () => {
    const cases = [
      {
        accept: 'gzip, deflate, br, zstd',
        encoding: 'br',
        decode: (b: Buffer) => zlib.brotliDecompressSync(b),
      },
      { accept: 'gzip, deflate', encoding: 'gzip', decode: (b: Buffer) => zlib.gunzipSync(b) },
      { accept: '', encoding: null, decode: (b: Buffer) => b },
    ];
    for (const { accept, encoding, decode } of cases) {
      const res = await app.request('/assets/big-abc123.js', {
        headers: accept ? { 'accept-encoding': accept } : {},
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(res.headers.get('vary')).toMatch(/Accept-Encoding/i);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(decode(Buffer.from(await res.arrayBuffer())).toString()).toBe(bigScript);
    }
    const html = await app.request('/apis', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(html.headers.get('cache-control')).toBe('no-cache');
  });

  it('compresses Management API JSON above the threshold, and leaves small bodies alone', async () => {
    const token = await t.managementToken(['create:clients', 'read:clients']);
    for (let i = 0; i < 8; i++) {
      await t.call('POST', '/api/v2/clients', {
        token,
        body: { name: `compressed ${i}`, app_type: 'non_interactive' },
      });
    }
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' };
    const list = await app.request('/api/v2/clients?per_page=50', { headers });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-encoding')).toBe('gzip');
    expect(list.headers.get('vary')).toMatch(/Accept-Encoding/i);
    const clients = JSON.parse(
      zlib.gunzipSync(Buffer.from(await list.arrayBuffer())).toString(),
    ) as unknown[];
    expect(clients.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(clients).length).toBeGreaterThan(API_COMPRESSION_THRESHOLD);

    const small = await app.request('/api/v2/clients/nope', { headers });
    expect(small.status).toBe(404);
    expect(small.headers.get('content-encoding')).toBeNull();
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
