import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from '../testing';

let t: TestServer;
let admin: string;

beforeAll(async () => {
  t = await createTestServer();
  admin = await t.managementToken(managementScopes.map((s) => s.value));
});
afterAll(() => t.close());

describe.each([
  [
    'client',
    '/api/v2/clients',
    { name: 'etag client' },
    { name: 'first writer' },
    { name: 'second writer' },
  ],
  [
    'resource server',
    '/api/v2/resource-servers',
    { identifier: 'https://etag.example' },
    { name: 'first writer' },
    { name: 'second writer' },
  ],
])('lost-update protection for a %s', (what, collection, createBody, firstPatch, secondPatch) => {
  it('refuses a PATCH based on a stale read with 412 and keeps the first write', async () => {
    const created = (await t.call('POST', collection, { token: admin, body: createBody })).body;
    const path = `${collection}/${created.client_id ?? created.id}`;
    const etag = (await t.call('GET', path, { token: admin })).headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);

    const first = await t.call('PATCH', path, {
      token: admin,
      body: firstPatch,
      headers: { 'if-match': etag },
    });
    expect(first.status).toBe(200);
    const stale = await t.call('PATCH', path, {
      token: admin,
      body: secondPatch,
      headers: { 'if-match': etag },
    });
    expect([stale.status, stale.body]).toEqual([
      412,
      {
        statusCode: 412,
        error: 'Precondition Failed',
        message: `The ${what} was changed since you read it; reload it and try again`,
        errorCode: 'precondition_failed',
      },
    ]);
    expect((await t.call('GET', path, { token: admin })).body.name).toBe('first writer');

    // With the ETag of the current version, or without If-Match (Auth0 tooling), the write goes through.
    const current = await t.call('PATCH', path, {
      token: admin,
      body: secondPatch,
      headers: { 'if-match': first.headers.get('etag')! },
    });
    expect(current.status).toBe(200);
    expect((await t.call('PATCH', path, { token: admin, body: firstPatch })).status).toBe(200);
  });
});

it('gives a client the same ETag whether or not the reader may see its secret', async () => {
  const client = (
    await t.call('POST', '/api/v2/clients', { token: admin, body: { name: 'one etag' } })
  ).body;
  const reader = await t.managementToken(['read:clients']);
  const withSecret = await t.call('GET', `/api/v2/clients/${client.client_id}`, { token: admin });
  const without = await t.call('GET', `/api/v2/clients/${client.client_id}`, { token: reader });
  expect(without.body.client_secret).toBeUndefined();
  expect(without.headers.get('etag')).toBe(withSecret.headers.get('etag'));
});
