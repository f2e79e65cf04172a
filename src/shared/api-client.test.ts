import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '@/server/testing';
import { freePort } from '@/server/testing-process';
import { createApiClient, type ApiClient } from './api-client';
import { ApiError } from './api-error';
import { managementScopes } from './management-scopes';
import { clientSchema } from './schemas/client';

/** The client against the real server over loopback HTTP: ETags read, `If-Match` sent. */
let t: TestServer;
let http: ServerType;
let api: ApiClient;
let unauthorized = 0;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestServer();
  http = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const token = await t.managementToken(managementScopes.map((s) => s.value));
  api = createApiClient({
    baseUrl: base,
    getToken: () => token,
    onUnauthorized: () => unauthorized++,
  });
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await t.close();
});

describe('createApiClient', () => {
  it('returns the ETag with the body and sends per-request headers such as If-Match', async () => {
    const created = await api.post('/clients', { name: 'etag reader' }, clientSchema);
    const path = `/clients/${created.client_id}`;
    const read = await api.send('GET', path, clientSchema);
    expect(read.data.name).toBe('etag reader');
    expect(read.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);

    const saved = await api.send('PATCH', path, clientSchema, {
      body: { name: 'first writer' },
      headers: { 'if-match': read.etag! },
    });
    expect(saved.data.name).toBe('first writer');
    expect(saved.etag).not.toBe(read.etag);

    // The same stale ETag again: the server refuses it, and the client throws its error body.
    const stale = await api
      .send('PATCH', path, clientSchema, {
        body: { name: 'second writer' },
        headers: { 'if-match': read.etag! },
      })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ApiError);
    expect((stale as ApiError).status).toBe(412);
    expect((stale as ApiError).body).toEqual({
      statusCode: 412,
      error: 'Precondition Failed',
      message: 'The client was changed since you read it; reload it and try again',
      errorCode: 'precondition_failed',
    });
    expect((await api.get(path, clientSchema)).name).toBe('first writer');
  });

  it('calls onUnauthorized on a 401 and throws the error', async () => {
    const anonymous = createApiClient({
      baseUrl: base,
      getToken: () => null,
      onUnauthorized: () => unauthorized++,
    });
    const before = unauthorized;
    const error = await anonymous.get('/clients', clientSchema.array()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(unauthorized).toBe(before + 1);
  });
});
