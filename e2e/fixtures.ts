import fs from 'node:fs';
import path from 'node:path';
import {
  test as base,
  expect,
  request,
  type APIRequestContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { clientSchema, type Client } from '@/shared/schemas/client';
import { clientGrantSchema, type ClientGrant } from '@/shared/schemas/client-grant';
import {
  hookDraftSchema,
  hookExecutionSchema,
  hookSchema,
  hookVersionSchema,
  type Hook,
  type HookCreate,
  type HookDraft,
  type HookExecution,
  type HookUpdate,
  type HookVersion,
} from '@/shared/schemas/hook';
import {
  hookTestCaseSchema,
  type HookTestCase,
  type HookTestCaseCreate,
} from '@/shared/schemas/hook-test';
import {
  resourceServerSchema,
  type ResourceServer,
  type ResourceServerScope,
} from '@/shared/schemas/resource-server';
import { CSRF_HEADER, CSRF_VALUE } from '@/shared/schemas/session';
import { signingKeySchema, type SigningKeyInfo } from '@/shared/schemas/signing-key';
import { e2e } from './env';

/** Seeds data over the Management API with the admin's session, so tests click only what they test. */
export interface SeedApi {
  createApi(input: {
    name: string;
    identifier: string;
    scopes?: ResourceServerScope[];
  }): Promise<ResourceServer>;
  createClient(input: { name: string; description?: string }): Promise<Client>;
  grant(input: { client_id: string; audience: string; scope: string[] }): Promise<ClientGrant>;
  listGrants(filter: { client_id?: string; audience?: string }): Promise<ClientGrant[]>;
  getClient(id: string): Promise<Client>;
  createHook(input: HookCreate): Promise<Hook>;
  getHook(id: string): Promise<Hook>;
  updateHook(id: string, patch: HookUpdate): Promise<Hook>;
  saveHookDraft(id: string, script: string): Promise<HookDraft>;
  addHookTest(id: string, input: HookTestCaseCreate): Promise<HookTestCase>;
  listSigningKeys(): Promise<SigningKeyInfo[]>;
}

/** A name no other test (or earlier run against the same data) uses. */
export const unique = (name: string) =>
  `${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A JWT's payload, unverified: the tests check what the token says, the server tests check signatures. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signedInContext(): Promise<APIRequestContext> {
  const ctx = await request.newContext({
    baseURL: e2e.baseURL,
    extraHTTPHeaders: { [CSRF_HEADER]: CSRF_VALUE },
  });
  const res = await ctx.post('/api/session', {
    data: { email: e2e.adminEmail, password: e2e.adminPassword },
  });
  expect(res.status(), await res.text()).toBe(200);
  return ctx;
}

export const test = base.extend<{ pageProblems: string[] }, { api: SeedApi }>({
  /**
   * Every uncaught error and every console error or warning the console's pages print fails the
   * test that caused it (a React warning, a Monaco model disposed too early). Failed requests are
   * not counted: the tests assert the statuses they expect.
   */
  pageProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('console', (message) => {
        const type = message.type();
        if (type !== 'error' && type !== 'warning') return;
        if (message.text().startsWith('Failed to load resource')) return;
        problems.push(`console.${type}: ${message.text()}`);
      });
      await use(problems);
      expect(problems, 'errors and warnings the page printed').toEqual([]);
    },
    { auto: true },
  ],
  api: [
    async ({}, use) => {
      const ctx = await signedInContext();
      const call = async <T>(
        method: 'get' | 'post' | 'put' | 'patch',
        path: string,
        parse: (v: unknown) => T,
        data?: unknown,
        status = 200,
      ) => {
        const res = await ctx[method](`/api/v2${path}`, data === undefined ? {} : { data });
        expect(res.status(), `${method.toUpperCase()} ${path}: ${await res.text()}`).toBe(status);
        return parse(await res.json());
      };
      await use({
        createApi: (input) =>
          call('post', '/resource-servers', (v) => resourceServerSchema.parse(v), input, 201),
        createClient: (input) => call('post', '/clients', (v) => clientSchema.parse(v), input, 201),
        grant: (input) =>
          call('post', '/client-grants', (v) => clientGrantSchema.parse(v), input, 201),
        listGrants: (filter) =>
          call(
            'get',
            `/client-grants?${new URLSearchParams(filter as Record<string, string>)}`,
            (v) => clientGrantSchema.array().parse(v),
          ),
        getClient: (id) => call('get', `/clients/${id}`, (v) => clientSchema.parse(v)),
        createHook: (input) => call('post', '/hooks', (v) => hookSchema.parse(v), input, 201),
        getHook: (id) => call('get', `/hooks/${id}`, (v) => hookSchema.parse(v)),
        updateHook: (id, patch) => call('patch', `/hooks/${id}`, (v) => hookSchema.parse(v), patch),
        saveHookDraft: (id, script) =>
          call('put', `/hooks/${id}/draft`, (v) => hookDraftSchema.parse(v), { script }),
        addHookTest: (id, input) =>
          call('post', `/hooks/${id}/tests`, (v) => hookTestCaseSchema.parse(v), input, 201),
        listSigningKeys: () =>
          call('get', '/keys/signing', (v) => signingKeySchema.array().parse(v)),
      });
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
});

/**
 * Runs `fn` while no other worker runs a section with the same `name`. An enabled
 * credentials-exchange hook runs for every token, so a spec that enables one that changes tokens
 * and a spec that asserts a token's exact scope take turns (a directory is created atomically).
 */
export async function exclusively<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(e2e.dir, `${name}.lock`);
  for (let waited = 0; ; waited += 50) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 30_000) throw new Error(`${name} lock held for more than 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Tokens issued while this runs are not changed by another spec's hook. */
export const withTokenHooks = <T>(fn: () => Promise<T>) => exclusively('token-hooks', fn);

/**
 * Clicks a hook's switch on. While another spec's hook is live on the same point the console asks
 * first ("Enable …? It replaces …"); this confirms it, as the admin would.
 */
export async function switchOn(page: Page, toggle: Locator) {
  await toggle.click();
  const confirm = page.getByRole('dialog', { name: /^Enable .+\?$/ });
  await expect(
    confirm
      .or(page.getByRole('dialog', { name: 'Not enabled: test cases fail' }))
      .or(toggle.and(page.locator('[aria-checked="true"]')))
      .first(),
  ).toBeVisible();
  if (await confirm.isVisible())
    await confirm.getByRole('button', { name: 'Enable', exact: true }).click();
}

/** Opens Settings from the main navigation, then one of its tabs, as an admin would. */
export async function openSettingsTab(page: Page, tab: string) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page.getByRole('tablist', { name: 'Settings' }).getByRole('tab', { name: tab }).click();
}

/** Collects every request the page makes to another origin: the console must make none. */
export function watchForeignRequests(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(`${e2e.baseURL}/`) && !url.startsWith('data:') && !url.startsWith('blob:'))
      foreign.push(url);
  });
  return foreign;
}

export { expect };

/**
 * A hook's draft and versions over REST (`/api/v2/hooks/:id/draft` and `/versions`), for
 * checking what the editor saved and deployed. One signed-in context per worker, made on first use.
 */
let historyContext: Promise<APIRequestContext> | undefined;
export const hookHistory = {
  async draft(id: string): Promise<HookDraft> {
    const res = await (
      await (historyContext ??= signedInContext())
    ).get(`/api/v2/hooks/${id}/draft`);
    expect(res.status(), await res.text()).toBe(200);
    return hookDraftSchema.parse(await res.json());
  },
  /** The hook's execution log, newest first. */
  async logs(id: string): Promise<HookExecution[]> {
    const res = await (
      await (historyContext ??= signedInContext())
    ).get(`/api/v2/hooks/${id}/logs?per_page=100`);
    expect(res.status(), await res.text()).toBe(200);
    return hookExecutionSchema.array().parse(await res.json());
  },
  async versions(id: string): Promise<HookVersion[]> {
    const res = await (
      await (historyContext ??= signedInContext())
    ).get(`/api/v2/hooks/${id}/versions?per_page=100`);
    expect(res.status(), await res.text()).toBe(200);
    return hookVersionSchema.array().parse(await res.json());
  },
};

/** `POST /oauth/token` for a client and API, as a service would ask (status and body). */
export async function requestToken(req: APIRequestContext, client: Client, audience: string) {
  const res = await req.post('/oauth/token', {
    form: {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret ?? '',
      audience,
    },
  });
  return {
    status: res.status(),
    body: (await res.json()) as { access_token?: string; scope?: string; error?: string },
  };
}
