import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './testing';

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t.close());

describe('GET /api/v2/openapi.json', () => {
  it('documents exactly the routes the server has', async () => {
    const res = await t.call('GET', '/api/v2/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const documented = Object.entries(res.body.paths as Record<string, object>)
      .flatMap(([path, ops]) =>
        Object.keys(ops).map(
          (m) => `${m.toUpperCase()} /api/v2${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      )
      .sort();
    const routed = [
      ...new Set(
        t.app.routes
          .filter(
            (r) =>
              r.path.startsWith('/api/v2/') &&
              r.method !== 'ALL' &&
              r.path !== '/api/v2/openapi.json',
          )
          .map((r) => `${r.method} ${r.path.replace(/\/$/, '')}`),
      ),
    ].sort();
    expect(documented).toEqual(routed);
  });

  it('describes request bodies from the shared schemas', async () => {
    const { body } = await t.call('GET', '/api/v2/openapi.json');
    const create = body.paths['/clients'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
    });
    expect(create.security).toEqual([{ bearer: ['create:clients'] }]);
  });
});
