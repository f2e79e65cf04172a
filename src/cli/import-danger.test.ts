/**
 * An untrusted export cannot silently take over what already holds power: the plan marks such
 * steps as dangerous and applying refuses them, before anything changes, unless confirmed.
 * Runs the shared plan and apply (as the CLI and the console do) against a real server.
 */
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '@/shared/api-client';
import { applyPlan } from '@/shared/tenant/apply';
import { TenantError } from '@/shared/tenant/errors';
import type { TenantAssets } from '@/shared/tenant/parse';
import { dangerousSteps, makePlan } from '@/shared/tenant/plan';
import { readRemote } from '@/shared/tenant/remote';
import { createTestServer, type TestServer } from '@/server/testing';
import { freePort } from '@/server/testing-process';

const ADMIN = { id: 'danger-test-admin', secret: 'danger-test-secret-0123456789-abcdefghij' };
const terms = { allowDelete: '--allow-delete' };
let t: TestServer;
let http: ServerType;
let api: ReturnType<typeof createApiClient>;
let hookId: string;

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  t = await createTestServer({
    ISSUER_BASE_URL: base,
    BOOTSTRAP_CLIENT_ID: ADMIN.id,
    BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
  });
  http = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const token = (
    await t.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: ADMIN.id,
        client_secret: ADMIN.secret,
        audience: `${base}/api/v2/`,
      },
    })
  ).body.access_token as string;
  api = createApiClient({ baseUrl: base, getToken: () => token });
  await t.services.repos.clients.create({
    name: 'Billing',
    description: '',
    app_type: 'non_interactive',
    is_first_party: true,
    grant_types: ['client_credentials'],
    token_endpoint_auth_method: 'client_secret_post',
    client_metadata: {},
  });
  hookId = (
    await t.call('POST', '/api/v2/hooks', {
      token,
      body: {
        name: 'live-hook',
        script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
        triggerId: 'credentials-exchange',
        enabled: true,
      },
    })
  ).body.id;
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await t.close();
});

const assets = (parts: Partial<TenantAssets>): TenantAssets => ({
  format: 'directory',
  clients: null,
  resourceServers: null,
  clientGrants: null,
  hooks: null,
  ...parts,
});
const item = (origin: string, data: Record<string, unknown>) => ({ origin, data });
const plan = async (parts: Partial<TenantAssets>, allowDelete = false) =>
  makePlan(assets(parts), await readRemote(api, { hooksSecrets: parts.hooks != null }), {
    allowDelete,
    terms,
  });

describe('importing an untrusted export', () => {
  it("marks replacing an existing application's secret, and the bootstrap client, as dangerous", async () => {
    const p = await plan({
      clients: [
        item('clients/Billing.json', {
          name: 'Billing',
          client_secret: 'attacker-chosen-secret-0123456789-abcdef',
        }),
        item('clients/Bootstrap client.json', { name: 'Bootstrap client', description: 'pwned' }),
      ],
    });
    expect(dangerousSteps(p).map((s) => [s.label, s.danger])).toEqual([
      ['Billing', 'replaces the client secret of an existing application'],
      ['Bootstrap client', 'holds a grant on the Management API (admin power)'],
    ]);
    await expect(applyPlan(p, api)).rejects.toBeInstanceOf(TenantError);
    const billing = (
      await t.services.repos.clients.list({ page: 0, per_page: 50 }, true)
    ).items.find((c) => c.name === 'Billing')!;
    expect(billing.client_secret).not.toBe('attacker-chosen-secret-0123456789-abcdef');
    expect((await t.services.repos.clients.get(ADMIN.id, false))!.description).not.toBe('pwned');

    const confirmed = await applyPlan(p, api, { allowDangerous: true });
    expect(confirmed.failed).toBeUndefined();
    expect((await t.services.repos.clients.get(billing.client_id, true))!.client_secret).toBe(
      'attacker-chosen-secret-0123456789-abcdef',
    );
  });

  it('marks deleting the bootstrap client as dangerous', async () => {
    const p = await plan({ clients: [] }, true);
    expect(dangerousSteps(p).map((s) => [s.action, s.label])).toEqual([
      ['delete', 'Bootstrap client'],
    ]);
    await expect(applyPlan(p, api)).rejects.toThrow(/dangerous/);
    expect(await t.services.repos.clients.get(ADMIN.id, false)).toBeDefined();
  });

  it("marks replacing an existing hook's code by name as dangerous; nothing changes without confirmation", async () => {
    const p = await plan({
      hooks: [
        item('hooks/live-hook.json', {
          name: 'Live Hook',
          script:
            'module.exports = function (c, s, a, x, cb) { cb(null, { scope: ["everything"] }); };',
          triggerId: 'credentials-exchange',
          enabled: true,
        }),
      ],
    });
    expect(dangerousSteps(p).map((s) => s.danger)).toEqual([
      'replaces the code of an existing hook, which runs on every token exchange',
    ]);
    await expect(applyPlan(p, api)).rejects.toThrow(/nothing was changed/);
    expect((await t.services.repos.hooks.get(hookId))!.script).not.toContain('everything');
  });

  it('creates new applications and hooks without asking', async () => {
    const p = await plan({
      clients: [item('clients/New.json', { name: 'New app' })],
      hooks: [
        item('hooks/new.json', {
          name: 'new-hook',
          script: 'module.exports = function (c, s, a, x, cb) { cb(null, {}); };',
          triggerId: 'pre-user-registration',
        }),
      ],
    });
    expect(dangerousSteps(p)).toEqual([]);
    expect((await applyPlan(p, api)).failed).toBeUndefined();
  });
});
