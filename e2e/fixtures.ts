import { test as base, expect, request, type APIRequestContext } from '@playwright/test';
import { clientSchema, type Client } from '@/shared/schemas/client';
import { clientGrantSchema, type ClientGrant } from '@/shared/schemas/client-grant';
import { resourceServerSchema, type ResourceServer, type ResourceServerScope } from '@/shared/schemas/resource-server';
import { CSRF_HEADER, CSRF_VALUE } from '@/shared/schemas/session';
import { e2e } from './env';

/** Seeds data over the Management API with the admin's session, so tests click only what they test. */
export interface SeedApi {
  createApi(input: { name: string; identifier: string; scopes?: ResourceServerScope[] }): Promise<ResourceServer>;
  createClient(input: { name: string; description?: string }): Promise<Client>;
  grant(input: { client_id: string; audience: string; scope: string[] }): Promise<ClientGrant>;
  listGrants(filter: { client_id?: string; audience?: string }): Promise<ClientGrant[]>;
  getClient(id: string): Promise<Client>;
}

/** A name no other test (or earlier run against the same data) uses. */
export const unique = (name: string) => `${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A JWT's payload, unverified: the tests check what the token says, the server tests check signatures. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signedInContext(): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: e2e.baseURL, extraHTTPHeaders: { [CSRF_HEADER]: CSRF_VALUE } });
  const res = await ctx.post('/api/session', { data: { email: e2e.adminEmail, password: e2e.adminPassword } });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

export const test = base.extend<object, { api: SeedApi }>({
  api: [
    async ({}, use) => {
      const ctx = await signedInContext();
      const call = async <T>(method: 'get' | 'post', path: string, parse: (v: unknown) => T, data?: unknown, status = 200) => {
        const res = await ctx[method](`/api/v2${path}`, data === undefined ? {} : { data });
        expect(res.status(), `${method.toUpperCase()} ${path}: ${await res.text()}`).toBe(status);
        return parse(await res.json());
      };
      await use({
        createApi: (input) => call('post', '/resource-servers', (v) => resourceServerSchema.parse(v), input, 201),
        createClient: (input) => call('post', '/clients', (v) => clientSchema.parse(v), input, 201),
        grant: (input) => call('post', '/client-grants', (v) => clientGrantSchema.parse(v), input, 201),
        listGrants: (filter) =>
          call('get', `/client-grants?${new URLSearchParams(filter as Record<string, string>)}`, (v) => clientGrantSchema.array().parse(v)),
        getClient: (id) => call('get', `/clients/${id}`, (v) => clientSchema.parse(v)),
      });
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
});

export { expect };
