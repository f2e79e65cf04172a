/**
 * `tokenhook import` / `tokenhook export` as a user runs them: the bundled CLI as a process against
 * real servers (the in-memory test server behind @hono/node-server), with Auth0 Deploy CLI exports
 * in both formats (src/cli/fixtures, shaped like the fixtures of a0deploy's own tests).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApiClient } from '@/shared/api-client';
import { clientGrantSchema } from '@/shared/schemas/client-grant';
import { clientSchema } from '@/shared/schemas/client';
import { hookSchema } from '@/shared/schemas/hook';
import { resourceServerSchema } from '@/shared/schemas/resource-server';
import { tokenResponseSchema } from '@/shared/schemas/token';
import { createTestServer, type TestServer } from '@/server/testing';
import { freePort } from '@/server/testing-process';
import { startStandInRegistry } from '@/server/hooks/modules/stand-in-registry';
import { buildCli, runCli, type CliRun } from './testing';

const ADMIN = { id: 'import-test-admin', secret: 'import-test-secret-0123456789-abcdefghij' };
const FIXTURES = path.resolve('src/cli/fixtures');
const DIRECTORY = path.join(FIXTURES, 'auth0-directory');
const YAML_TENANT = path.join(FIXTURES, 'auth0-yaml', 'tenant.yaml');
const KEYWORDS = path.join(FIXTURES, 'keywords');

interface Srv {
  t: TestServer;
  http: ServerType;
  base: string;
  admin: ReturnType<typeof createApiClient>;
}

async function startServer(): Promise<Srv> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The fixtures' hooks depend on lodash: saving them installs it from the registry stand-in.
  const t = await createTestServer({
    ISSUER_BASE_URL: base,
    BOOTSTRAP_CLIENT_ID: ADMIN.id,
    BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
    NPM_CONFIG_REGISTRY: registry.url,
    DATA_DIR: fs.mkdtempSync(path.join(work, 'data-')),
  });
  const http = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const token = await exchange(base, ADMIN.id, ADMIN.secret, `${base}/api/v2/`);
  const accessToken = tokenResponseSchema.parse(token.body).access_token;
  return { t, http, base, admin: createApiClient({ baseUrl: base, getToken: () => accessToken }) };
}

async function exchange(base: string, clientId: string, clientSecret: string, audience: string) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

const decode = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

let work: string;
let cli: string;
let a: Srv; // directory fixture, then the source of the round trip
let b: Srv; // empty, receives the round trip; then --allow-delete
let c: Srv; // YAML fixture, keywords

/** `tokenhook ARGS` against one server, signed in by environment (no profile), nothing else inherited. */
function tokenhook(srv: Srv, args: string[]): Promise<CliRun> {
  return runCli(cli, args, work, {
    PATH: process.env.PATH ?? '',
    HOME: work,
    TOKENHOOK_CONFIG_DIR: path.join(work, 'config'),
    TOKENHOOK_URL: srv.base,
    TOKENHOOK_CLIENT_ID: ADMIN.id,
    TOKENHOOK_CLIENT_SECRET: ADMIN.secret,
    // Never a source of keywords: a0deploy would replace ##ENV## from here.
    ENV: 'from-the-environment',
  });
}

const secretsSchema = z.record(z.string(), z.string());

/** What import/export manage, without ids: comparable across servers. */
async function snapshot(srv: Srv) {
  const [apis, clients, grants, hooks] = await Promise.all([
    srv.admin.get('/resource-servers', z.array(resourceServerSchema)),
    srv.admin.get('/clients', z.array(clientSchema)),
    srv.admin.get('/client-grants', z.array(clientGrantSchema)),
    srv.admin.get('/hooks', z.array(hookSchema)),
  ]);
  const system = new Set(apis.filter((r) => r.is_system).map((r) => r.identifier));
  const nameOf = new Map(clients.map((cl) => [cl.client_id, cl.name]));
  const byName = <T extends { name: string }>(x: T, y: T) => x.name.localeCompare(y.name);
  return {
    apis: apis
      .filter((r) => !r.is_system)
      .map(({ id: _i, ...r }) => r)
      .sort((x, y) => x.identifier.localeCompare(y.identifier)),
    clients: clients
      .filter((cl) => cl.client_id !== ADMIN.id)
      .map(({ client_id: _i, client_secret: _s, tenant: _t, ...cl }) => cl)
      .sort(byName),
    grants: grants
      .filter((g) => g.client_id !== ADMIN.id && !system.has(g.audience))
      .map((g) => ({
        client: nameOf.get(g.client_id),
        audience: g.audience,
        scope: [...g.scope].sort(),
      }))
      .sort((x, y) => `${x.client} ${x.audience}`.localeCompare(`${y.client} ${y.audience}`)),
    hooks: (
      await Promise.all(
        hooks.map(async ({ id, ...h }) => ({
          ...h,
          secrets: Object.keys(await srv.admin.get(`/hooks/${id}/secrets`, secretsSchema)),
        })),
      )
    ).sort(byName),
  };
}

async function clientByName(srv: Srv, name: string) {
  const clients = await srv.admin.get('/clients', z.array(clientSchema));
  const found = clients.find((cl) => cl.name === name);
  if (!found) throw new Error(`no client ${name}`);
  return found;
}

function tmpDir(name: string) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function writeFiles(root: string, files: Record<string, unknown>) {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return root;
}

let registry: Awaited<ReturnType<typeof startStandInRegistry>>;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-import-'));
  registry = await startStandInRegistry([
    {
      name: 'lodash',
      version: '4.17.21',
      files: { 'lodash.js': 'module.exports = {};' },
      main: 'lodash.js',
    },
  ]);
  cli = path.join(work, 'tokenhook.mjs');
  [a, b, c] = await Promise.all([startServer(), startServer(), startServer(), buildCli(cli)]);
});

afterAll(async () => {
  for (const srv of [a, b, c]) {
    if (!srv) continue;
    await new Promise((resolve) => srv.http.close(resolve));
    await srv.t.close();
  }
  await registry?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('import of an a0deploy directory export', () => {
  it('--dry-run prints the plan and changes nothing', async () => {
    const before = await snapshot(a);
    const run = await tokenhook(a, ['import', DIRECTORY, '--dry-run']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(directory format)');
    expect(run.stdout).toContain('+ create API Billing API (https://billing.example.test/)');
    expect(run.stdout).toContain('+ create application Billing Worker');
    expect(run.stdout).toContain('+ create grant Reporting Job → https://reports.example.test/');
    expect(run.stdout).toContain('+ create hook add-tier-claim');
    expect(run.stdout).toContain('9 to create, 0 to update, 0 to delete');
    expect(run.stdout).toContain('Dry run: nothing was changed.');
    expect(await snapshot(a)).toEqual(before);
  });

  it('applies it to an empty store: Auth0 fields kept, placeholder secrets listed and created without a value', async () => {
    const run = await tokenhook(a, ['import', DIRECTORY]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Billing Worker.json: dropped fields');
    expect(run.stdout).not.toContain('Billing API.json: dropped fields');
    expect(run.stdout).toContain(
      "warning: grants/Billing Worker-Auth0 Management API.json: a grant on Auth0's Management API (https://acme-dev.eu.auth0.com/api/v2/); not imported",
    );
    expect(run.stdout).toContain(
      `tokenhook create -p default -t credentials-exchange -n add-tier-claim --secret TIER_API_KEY=VALUE ${path.join(DIRECTORY, 'hooks/add-tier-claim.js')}`,
    );
    expect(run.stdout).toMatch(/created application Billing Worker \(client_id \S+\)/);
    expect(run.stdout).toContain('New client secrets were generated');
    expect(run.stdout).toContain('Credentials');
    expect(run.stdout).toContain('Hook secrets to set');
    expect(run.stdout).toContain('  add-tier-claim: TIER_API_KEY');

    const state = await snapshot(a);
    expect(state.apis.map((r) => r.identifier)).toEqual([
      'https://billing.example.test/',
      'https://reports.example.test/',
    ]);
    expect(state.clients.find((cl) => cl.name === 'Reporting Job')).toMatchObject({
      client_metadata: { tier: 'silver', owner: 'data-team' },
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(state.grants).toHaveLength(3);
    expect(state.hooks.map((h) => [h.name, h.enabled, h.secrets])).toEqual([
      ['add-tier-claim', true, ['TIER_API_KEY']],
      ['Legacy Scope Filter', false, []],
    ]);
  });

  it('the imported hook runs unchanged at /oauth/token', async () => {
    const worker = await clientByName(a, 'Billing Worker');
    expect(worker.client_secret).toBeTruthy();
    const res = await exchange(
      a.base,
      worker.client_id,
      worker.client_secret!,
      'https://billing.example.test/',
    );
    expect(res.status).toBe(200);
    const claims = decode(tokenResponseSchema.parse(res.body).access_token);
    expect(claims['https://billing.example.test/tier']).toBe('gold');
    expect(claims.scope).toBe('read:invoices write:invoices');
  });

  it('a second import finds nothing to do', async () => {
    const run = await tokenhook(a, ['import', DIRECTORY]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 to create, 0 to update, 0 to delete, 9 unchanged');
  });
});

describe('export', () => {
  it('writes the directory format: ids stripped, secrets never written, scripts beside', async () => {
    const out = tmpDir('export-dir');
    const run = await tokenhook(a, ['export', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Exported 2 APIs, 2 applications, 3 grants and 2 hooks');
    const worker = JSON.parse(
      fs.readFileSync(path.join(out, 'clients', 'Billing Worker.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(worker).toMatchObject({
      name: 'Billing Worker',
      client_metadata: { tier: 'gold' },
      app_type: 'non_interactive',
    });
    expect(worker).not.toHaveProperty('client_id');
    expect(worker).not.toHaveProperty('client_secret');
    expect(fs.readdirSync(path.join(out, 'resource-servers')).sort()).toEqual([
      'Billing API.json',
      'Reports API.json',
    ]);
    expect(
      JSON.parse(
        fs.readFileSync(path.join(out, 'grants', 'Reporting Job-Reports API.json'), 'utf8'),
      ),
    ).toEqual({
      client_id: 'Reporting Job',
      audience: 'https://reports.example.test/',
      scope: ['read:reports'],
    });
    const hook = JSON.parse(
      fs.readFileSync(path.join(out, 'hooks', 'add-tier-claim.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(hook).toEqual({
      name: 'add-tier-claim',
      script: './add-tier-claim.js',
      dependencies: { lodash: '4.17.21' },
      triggerId: 'credentials-exchange',
      enabled: true,
      secrets: { TIER_API_KEY: '_VALUE_NOT_SHOWN_' },
    });
    expect(fs.readFileSync(path.join(out, 'hooks', 'add-tier-claim.js'), 'utf8')).toBe(
      fs.readFileSync(path.join(DIRECTORY, 'hooks', 'add-tier-claim.js'), 'utf8'),
    );
    const all = fs.readdirSync(out, { recursive: true }).map(String);
    expect(all.some((f) => f.includes('Management'))).toBe(false);
    expect(all.join('\n')).not.toContain(ADMIN.id);
    // Importing its own export changes nothing.
    const again = await tokenhook(a, ['import', out]);
    expect(again.stdout).toContain('0 to create, 0 to update, 0 to delete, 9 unchanged');
  });

  it('round trip: a YAML export imports into an empty server with the same APIs, applications, grants and hooks', async () => {
    // A secret with a value, so the export has a _VALUE_NOT_SHOWN_ to carry.
    const hook = (await a.admin.get('/hooks', z.array(hookSchema))).find(
      (h) => h.name === 'add-tier-claim',
    )!;
    await a.admin.patch(
      `/hooks/${hook.id}/secrets`,
      { TIER_API_KEY: 'tier-key-value' },
      z.unknown(),
    );
    const out = tmpDir('export-yaml');
    const exported = await tokenhook(a, ['export', out, '--format', 'yaml']);
    expect(exported.code).toBe(0);
    const text = fs.readFileSync(path.join(out, 'tenant.yaml'), 'utf8');
    expect(text).not.toContain('tier-key-value');
    const doc = YAML.parse(text) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(doc)).toEqual(['clients', 'resourceServers', 'clientGrants', 'hooks']);
    expect(doc.hooks![0]).toMatchObject({
      name: 'add-tier-claim',
      script: './hooks/add-tier-claim.js',
      secrets: { TIER_API_KEY: '_VALUE_NOT_SHOWN_' },
    });
    expect(Object.keys(doc.clients![0]!)[0]).toBe('name');
    expect(fs.existsSync(path.join(out, 'hooks', 'Legacy Scope Filter.js'))).toBe(true);

    const run = await tokenhook(b, ['import', path.join(out, 'tenant.yaml')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(yaml format)');
    expect(run.stdout).not.toContain('warning:');
    expect(run.stdout).toContain('  add-tier-claim: TIER_API_KEY');

    const [from, to] = await Promise.all([snapshot(a), snapshot(b)]);
    // The secret's value never travels: the placeholder is listed and created without a value.
    expect(from.hooks.find((h) => h.name === 'add-tier-claim')!.secrets).toEqual(['TIER_API_KEY']);
    expect(to.hooks.find((h) => h.name === 'add-tier-claim')!.secrets).toEqual(['TIER_API_KEY']);
    // Version numbers are each server's own history (the secret made a version on the first).
    const withoutSecrets = (s: typeof from) => ({
      ...s,
      hooks: s.hooks.map(({ secrets: _s, version: _v, ...h }) => h),
    });
    expect(withoutSecrets(to)).toEqual(withoutSecrets(from));
  });
});

describe('import of a tenant.yaml', () => {
  it('keeps a client_secret from the file, and the hook (Auth0-style name) runs at /oauth/token', async () => {
    const run = await tokenhook(c, ['import', YAML_TENANT]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('(client_secret from the file)');
    expect(run.stdout).not.toContain('New client secrets were generated');
    const sync = await clientByName(c, 'Inventory Sync');
    const res = await exchange(
      c.base,
      sync.client_id,
      'inventory-sync-secret-0123456789abcdef',
      'https://inventory.example.test/',
    );
    expect(res.status).toBe(200);
    const claims = decode(tokenResponseSchema.parse(res.body).access_token);
    expect(claims['https://inventory.example.test/tier']).toBe('platinum');
    expect(claims.scope).toBe('read:stock');
  });

  it("matches a hook by Auth0's normalised name (add-tier-claim ⇔ Add Tier Claim)", async () => {
    const hook = (await c.admin.get('/hooks', z.array(hookSchema))).find(
      (h) => h.name === 'Add Tier Claim',
    )!;
    await c.admin.patch(
      `/hooks/${hook.id}`,
      { name: 'add-tier-claim', enabled: false },
      hookSchema,
    );
    const run = await tokenhook(c, ['import', YAML_TENANT, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('~ update hook add-tier-claim (Add Tier Claim in the export)');
    expect(run.stdout).toContain('      enabled: false → true');
    expect(run.stdout).not.toContain('+ create hook');
  });
});

describe('keyword replacement', () => {
  it('replaces @@KEY@@ as JSON and ##KEY## as text, from the --keywords file only', async () => {
    const run = await tokenhook(c, [
      'import',
      KEYWORDS,
      '--keywords',
      path.join(KEYWORDS, 'keywords.yaml'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const api = await c.admin.get(
      `/resource-servers/${encodeURIComponent('https://staging.billing.example.test/')}`,
      resourceServerSchema,
    );
    expect(api).toMatchObject({ name: 'Billing API (staging)', token_lifetime: 3600 });
    expect(api.scopes.map((s) => s.value)).toEqual(['read:invoices', 'write:invoices']);
    const worker = await clientByName(c, 'Billing Worker staging');
    expect(worker.client_metadata).toEqual({ tier: 'gold', region: 'eu' });
    const grants = await c.admin.get(
      `/client-grants?client_id=${worker.client_id}`,
      z.array(clientGrantSchema),
    );
    expect(grants.map((g) => [g.audience, g.scope])).toEqual([
      ['https://staging.billing.example.test/', ['read:invoices', 'write:invoices']],
    ]);

    // The same in a tenant.yaml: "@@KEY@@" becomes a YAML flow value; it matches what is there now.
    const yamlDir = writeFiles(tmpDir('kw-yaml'), {
      'tenant.yaml': [
        'clientGrants:',
        '  - client_id: Billing Worker ##ENV##',
        '    audience: https://##ENV##.billing.example.test/',
        "    scope: '@@BILLING_SCOPES@@'",
        '',
      ].join('\n'),
    });
    const again = await tokenhook(c, [
      'import',
      yamlDir,
      '--dry-run',
      '--keywords',
      path.join(KEYWORDS, 'keywords.yaml'),
    ]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(
      '= unchanged grant Billing Worker staging → https://staging.billing.example.test/',
    );
  });

  it('an unknown keyword is an error naming it; the environment is not consulted', async () => {
    const before = await snapshot(c);
    const run = await tokenhook(c, ['import', KEYWORDS]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/unknown keywords? .*ENV/);
    const mapped = writeFiles(tmpDir('kw-partial'), {
      'k.json': { ENV: 'staging', TOKEN_LIFETIME: 60, BILLING_SCOPE_LIST: [], WORKER_METADATA: {} },
    });
    const partial = await tokenhook(c, [
      'import',
      KEYWORDS,
      '--keywords',
      path.join(mapped, 'k.json'),
    ]);
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('unknown keyword BILLING_SCOPES');
    expect(await snapshot(c)).toEqual(before);
  });
});

describe('guards', () => {
  it('more than one enabled hook per point is a conflict, before anything changes', async () => {
    const before = await snapshot(c);
    const script =
      'module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope }); };\n';
    const dir = writeFiles(tmpDir('conflict'), {
      'resource-servers/Extra.json': { name: 'Extra', identifier: 'https://extra.example.test/' },
      'hooks/first.json': {
        name: 'first',
        script: './first.js',
        triggerId: 'credentials-exchange',
        enabled: true,
      },
      'hooks/first.js': script,
      'hooks/second.json': {
        name: 'second',
        script: './second.js',
        triggerId: 'credentials-exchange',
        enabled: true,
      },
      'hooks/second.js': script,
    });
    const run = await tokenhook(c, ['import', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Only one active hook allowed for "credentials-exchange" extensibility point. Conflicting hooks: first, second (enable one of them in the export)\n',
    );
    expect(await snapshot(c)).toEqual(before);
  });

  it('deletes what the export lacks only with --allow-delete, never the Management API or its own client', async () => {
    const file = path.join(writeFiles(tmpDir('delete'), {}), 'tenant.yaml');
    fs.writeFileSync(
      file,
      YAML.stringify({
        resourceServers: [{ name: 'Billing API', identifier: 'https://billing.example.test/' }],
        clients: [{ name: 'Billing Worker', app_type: 'non_interactive' }],
        hooks: [],
      }),
    );
    const kept = await tokenhook(b, ['import', file]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('! keep application Reporting Job');
    expect(kept.stdout).toContain('(not in the export; --allow-delete deletes it)');
    expect((await snapshot(b)).hooks).toHaveLength(2);

    const run = await tokenhook(b, ['import', file, '--allow-delete']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('- delete application Reporting Job');
    expect(run.stdout).toContain('deleted API Reports API (https://reports.example.test/)');
    const state = await snapshot(b);
    expect(state.apis.map((r) => r.identifier)).toEqual(['https://billing.example.test/']);
    expect(state.clients.map((cl) => cl.name)).toEqual(['Billing Worker']);
    // Grants were not in the file: that type is left alone (Reporting Job's went with it).
    expect(state.grants.map((g) => g.client)).toEqual(['Billing Worker']);
    expect(state.hooks).toEqual([]);
    const apis = await b.admin.get('/resource-servers', z.array(resourceServerSchema));
    expect(apis.some((r) => r.is_system)).toBe(true);
    expect(
      (await b.admin.get('/clients', z.array(clientSchema))).some(
        (cl) => cl.client_id === ADMIN.id,
      ),
    ).toBe(true);
  });

  it('a failure part-way reports what was applied before it and exits 1', async () => {
    // The server refuses a grant scope its API does not define, after the API and client were created.
    const dir = writeFiles(tmpDir('partial'), {
      'resource-servers/Partial.json': {
        name: 'Partial API',
        identifier: 'https://partial.example.test/',
        scopes: [{ value: 'read:a' }],
      },
      'clients/Partial Job.json': { name: 'Partial Job' },
      'grants/Partial Job-Partial API.json': {
        client_id: 'Partial Job',
        audience: 'https://partial.example.test/',
        scope: ['read:zzz'],
      },
    });
    const run = await tokenhook(b, ['import', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Applied before the failure:');
    expect(run.stdout).toContain('  created API Partial API (https://partial.example.test/)');
    expect(run.stdout).toMatch(/ {2}created application Partial Job/);
    expect(run.stderr).toMatch(
      /^Import stopped at create grant Partial Job → https:\/\/partial.example.test\/: .*; 2 changes were applied before it\n$/,
    );
  });
});

describe('hook secrets carried by the export', () => {
  it('a real value in the file is stored (write-only) and reaches the hook; it is never printed', async () => {
    const value = 'imported-secret-value-7f3a';
    const dir = writeFiles(tmpDir('secret-values'), {
      'resource-servers/Secret API.json': {
        name: 'Secret API',
        identifier: 'https://secret.example.test/',
        scopes: [{ value: 'read:s' }],
      },
      'clients/Secret Job.json': { name: 'Secret Job' },
      'grants/Secret Job-Secret API.json': {
        client_id: 'Secret Job',
        audience: 'https://secret.example.test/',
        scope: ['read:s'],
      },
      'hooks/secret-claim.json': {
        name: 'secret-claim',
        script: './secret-claim.js',
        triggerId: 'credentials-exchange',
        enabled: true,
        secrets: { API_KEY: value, LATER: '_VALUE_NOT_SHOWN_' },
      },
      'hooks/secret-claim.js':
        "module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope, 'https://secret.example.test/key': context.webtask.secrets.API_KEY }); };\n",
    });
    const run = await tokenhook(c, ['import', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain(value);
    expect(run.stdout).toContain('  secret-claim: LATER'); // only the placeholder is listed as one to set

    const hook = (await c.admin.get('/hooks', z.array(hookSchema))).find(
      (h) => h.name === 'secret-claim',
    )!;
    expect(await c.admin.get(`/hooks/${hook.id}/secrets`, secretsSchema)).toEqual({
      API_KEY: '_VALUE_NOT_SHOWN_',
      LATER: '_VALUE_NOT_SHOWN_',
    });
    const job = await clientByName(c, 'Secret Job');
    const res = await exchange(
      c.base,
      job.client_id,
      job.client_secret!,
      'https://secret.example.test/',
    );
    expect(res.status).toBe(200);
    expect(
      decode(tokenResponseSchema.parse(res.body).access_token)['https://secret.example.test/key'],
    ).toBe(value);
    await c.admin.patch(`/hooks/${hook.id}`, { enabled: false }, hookSchema);
  });
});
