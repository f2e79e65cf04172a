/**
 * Auth0's Deploy CLI (`a0deploy`, unmodified) against a Tokenhook served over TLS on 127.0.0.1:
 * export in both formats, re-import of its own export, import into an empty tenant, and import of
 * an Auth0-shaped directory whose hook then runs at /oauth/token.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managementScopes } from '@/shared/management-scopes';
import { createTestServer, type TestServer } from './testing';
import { freePort } from './testing-process';
import { selfSignedCertificate } from './testing-tls';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-a0deploy-'));
/** The loopback HTTPS certificate of the tenants (made in beforeAll). */
let certFile: string;
let keyFile: string;
const guardFile = path.join(tmp, 'loopback-only.cjs');
const a0deploy = path.resolve('node_modules/auth0-deploy-cli/lib/index.js');

/** Resource types Tokenhook has; everything else stays out of the CLI's run. */
const INCLUDED = ['clients', 'resourceServers', 'clientGrants', 'hooks'];

/**
 * Loaded into the CLI's process: every outgoing connection must go to loopback. Anything else is
 * refused and reported on stderr, and the test fails on the report.
 */
const GUARD = `
const net = require('node:net');
const connect = net.Socket.prototype.connect;
const loopback = (h) => h === undefined || h === 'localhost' || /^127\\./.test(h) || h === '::1';
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  const host = typeof o === 'object' && o !== null ? o.host : typeof args[1] === 'string' ? args[1] : undefined;
  if (typeof o === 'object' && o !== null && o.path) return connect.apply(this, args);
  if (!loopback(host)) {
    process.stderr.write('NON-LOOPBACK CONNECTION: ' + host + '\\n');
    throw new Error('non-loopback connection refused: ' + host);
  }
  return connect.apply(this, args);
};
`;

interface Tenant {
  t: TestServer;
  port: number;
  server: https.Server;
  /** The Deploy CLI's application, granted every Management API scope. */
  clientId: string;
  clientSecret: string;
  /** A Management API token of that application, for the test's own reads and writes. */
  token: string;
}

async function startTenant(): Promise<Tenant> {
  const port = await freePort();
  const t = await createTestServer({ ISSUER_BASE_URL: `https://127.0.0.1:${port}` });
  const listener = getRequestListener(t.app.fetch);
  const server = https.createServer(
    { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) },
    (req, res) => {
      void listener(req, res);
    },
  );
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const audience = `https://127.0.0.1:${port}/api/v2/`;
  const { clientId, clientSecret } = await t.createClientWithGrant(
    audience,
    managementScopes.map((s) => s.value),
    'Deploy CLI',
  );
  const res = await t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    },
  });
  return { t, port, server, clientId, clientSecret, token: res.body.access_token as string };
}

async function stopTenant(tenant: Tenant) {
  await new Promise((resolve) => tenant.server.close(resolve));
  await tenant.t.close();
}

/** Runs `a0deploy` with the tenant's variables; resolves with its exit code and output. */
function run(tenant: Tenant, args: string[], extra: Record<string, unknown> = {}) {
  const config = path.join(tmp, `config-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(
    config,
    JSON.stringify({
      AUTH0_DOMAIN: `127.0.0.1:${tenant.port}`,
      AUTH0_CLIENT_ID: tenant.clientId,
      AUTH0_CLIENT_SECRET: tenant.clientSecret,
      AUTH0_AUDIENCE: `https://127.0.0.1:${tenant.port}/api/v2/`,
      AUTH0_INCLUDED_ONLY: INCLUDED,
      ...extra,
    }),
  );
  // The CLI reads AUTH0_* variables from its environment too: only the config file may set them.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AUTH0_') && k !== 'NODE_OPTIONS'),
  );
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--require', guardFile, a0deploy, ...args, '-c', config],
      {
        env: { ...env, NODE_EXTRA_CA_CERTS: certFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // A run that hangs (a prompt, a retry loop) fails with what it printed so far.
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

async function expectOk(result: Promise<{ code: number | null; output: string }>) {
  const { code, output } = await result;
  expect(output).not.toContain('NON-LOOPBACK');
  if (code !== 0) throw new Error(`a0deploy failed (${code}):\n${output}`);
  return output;
}

/** Everything a tenant holds that an export carries, keyed by names (ids differ between tenants). */
async function snapshot(tenant: Tenant) {
  const { token } = tenant;
  const get = async (path: string) =>
    (await tenant.t.call('GET', `/api/v2${path}`, { token })).body;
  const clients = ((await get('/clients?per_page=100')) as Record<string, unknown>[]).filter(
    (c) => c.name !== 'Deploy CLI',
  );
  const names = new Map(clients.map((c) => [c.client_id, c.name]));
  const apis = (await get('/resource-servers?per_page=100')) as Record<string, unknown>[];
  const grants = ((await get('/client-grants?per_page=100')) as Record<string, unknown>[]).filter(
    (g) => names.has(g.client_id),
  );
  const hooks = await Promise.all(
    ((await get('/hooks?per_page=100')) as Record<string, unknown>[]).map(async ({ id, ...h }) => ({
      ...h,
      script: (await get(`/hooks/${String(id)}`)).script,
      secrets: Object.keys(await get(`/hooks/${String(id)}/secrets`)),
      unset: (await get(`/hooks/${String(id)}/secrets/unset`)).names,
    })),
  );
  return {
    clients: clients.map(({ client_id: _i, client_secret: _s, ...c }) => c).sort(byName),
    apis: apis
      .map(({ id: _i, identifier, ...a }) => ({
        ...a,
        identifier: a.is_system ? 'system' : identifier,
        scopes: a.is_system ? 'system' : a.scopes,
      }))
      .sort(byName),
    grants: grants.map(({ id: _i, client_id, audience, ...g }) => ({
      ...g,
      client: names.get(client_id),
      audience: String(audience).includes('/api/v2/') ? 'system' : audience,
    })),
    hooks: hooks.sort(byName),
  };
}
const byName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.name).localeCompare(String(b.name));

/** Seeds what an Auth0 user brings: an API in the RFC 9068 dialect, an application, a grant, a hook with a secret. */
async function seed(tenant: Tenant) {
  const { token } = tenant;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await tenant.t.call(method, `/api/v2${path}`, { token, body });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  await call('POST', '/resource-servers', {
    name: 'Orders API',
    identifier: 'https://orders.example.test/',
    scopes: [{ value: 'read:orders', description: 'Read orders' }],
    token_dialect: 'rfc9068_profile_authz',
    enforce_policies: true,
  });
  const app = await call('POST', '/clients', {
    name: 'Billing Worker',
    client_metadata: { tier: 'gold' },
    token_quota: { client_credentials: { enforce: true, per_hour: 1000 } },
    jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
  });
  await call('POST', '/client-grants', {
    client_id: app.client_id,
    audience: 'https://orders.example.test/',
    scope: ['read:orders'],
  });
  const hook = await call('POST', '/hooks', {
    name: 'add-tier',
    triggerId: 'credentials-exchange',
    enabled: true,
    script:
      "module.exports = function (client, scope, audience, context, cb) { cb(null, { scope: scope, 'https://orders.example.test/tier': client.metadata.tier }); };\n",
  });
  await call('POST', `/hooks/${String(hook.id)}/secrets`, { TIER_KEY: 'tier-key-value' });
}

async function tokenFor(tenant: Tenant, clientName: string, audience: string) {
  const clients = (
    await tenant.t.call('GET', '/api/v2/clients?per_page=100', { token: tenant.token })
  ).body as Record<string, string>[];
  const client = clients.find((c) => c.name === clientName)!;
  return tenant.t.call('POST', '/oauth/token', {
    body: {
      grant_type: 'client_credentials',
      client_id: client.client_id,
      client_secret: client.client_secret,
      audience,
    },
  });
}

const decode = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

let source: Tenant;
let empty: Tenant;
let fresh: Tenant;

beforeAll(async () => {
  ({ certFile, keyFile } = selfSignedCertificate(tmp, '127.0.0.1', ['DNS:localhost']));
  fs.writeFileSync(guardFile, GUARD);
  [source, empty, fresh] = await Promise.all([startTenant(), startTenant(), startTenant()]);
  await seed(source);
});

afterAll(async () => {
  await Promise.all([source, empty, fresh].filter(Boolean).map(stopTenant));
  fs.rmSync(tmp, { recursive: true, force: true });
});

const exportDir = path.join(tmp, 'export-dir');
const exportYaml = path.join(tmp, 'export-yaml');

describe('a0deploy against Tokenhook', () => {
  it('exports a tenant as a directory and as YAML, without the system API or any secret value', async () => {
    await Promise.all([
      expectOk(run(source, ['export', '-f', 'directory', '-o', exportDir])),
      expectOk(run(source, ['export', '-f', 'yaml', '-o', exportYaml])),
    ]);
    const files = fs.readdirSync(exportDir, { recursive: true }).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        path.join('clients', 'Billing Worker.json'),
        path.join('resource-servers', 'Orders API.json'),
        path.join('grants', 'Billing Worker-Orders API.json'),
        path.join('hooks', 'add-tier.json'),
        path.join('hooks', 'add-tier.js'),
      ]),
    );
    expect(files.some((f) => f.includes('Management API'))).toBe(false);
    expect(
      JSON.parse(
        fs.readFileSync(path.join(exportDir, 'resource-servers', 'Orders API.json'), 'utf8'),
      ),
    ).toMatchObject({
      token_dialect: 'rfc9068_profile_authz',
      enforce_policies: true,
    });
    expect(
      JSON.parse(fs.readFileSync(path.join(exportDir, 'hooks', 'add-tier.json'), 'utf8')).secrets,
    ).toEqual({ TIER_KEY: '_VALUE_NOT_SHOWN_' });
    const yaml = fs.readFileSync(path.join(exportYaml, 'tenant.yaml'), 'utf8');
    expect(yaml).toContain('name: Billing Worker');
    for (const dir of [exportDir, exportYaml]) {
      for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
        const file = path.join(dir, f);
        if (fs.statSync(file).isFile())
          expect(fs.readFileSync(file, 'utf8')).not.toContain('tier-key-value');
      }
    }
  }, 60_000);

  // Each import compiles the Deploy CLI's whole JSON schema (Ajv), which costs seconds of CPU:
  // the three imports run side by side, each into its own tenant, and are checked one by one.
  let imports: Record<'again' | 'empty' | 'auth0', Promise<string>>;
  let before: Awaited<ReturnType<typeof snapshot>>;

  it('starts the imports', async () => {
    before = await snapshot(source);
    writeAuth0Directory();
    imports = {
      again: expectOk(run(source, ['import', '-i', path.join(exportYaml, 'tenant.yaml')])),
      empty: expectOk(run(empty, ['import', '-i', exportDir])),
      auth0: expectOk(
        run(fresh, ['import', '-i', auth0Dir], {
          AUTH0_KEYWORD_REPLACE_MAPPINGS: { INVENTORY_API_KEY: 'k-123' },
        }),
      ),
    };
    for (const p of Object.values(imports)) p.catch(() => {});
  });

  it('re-imports its own export into the same tenant, changing nothing', async () => {
    await imports.again;
    expect(await snapshot(source)).toEqual(before);
  }, 180_000);

  it('imports the unmodified export into an empty tenant: the same tenant, secrets without values', async () => {
    await imports.empty;
    const to = await snapshot(empty);
    expect(to).toEqual({
      ...before,
      hooks: before.hooks.map((h) => ({ ...h, unset: ['TIER_KEY'] })),
    });
    const res = await tokenFor(empty, 'Billing Worker', 'https://orders.example.test/');
    expect(res.status).toBe(200);
    expect(decode(res.body.access_token)).toMatchObject({
      'https://orders.example.test/tier': 'gold',
      permissions: ['read:orders'],
    });
  }, 180_000);

  it("imports an Auth0 tenant's directory, keeping Auth0's fields; its hook runs at /oauth/token with the secret from ##KEYWORD##", async () => {
    await imports.auth0;
    const state = await snapshot(fresh);
    expect(state.clients).toEqual([
      expect.objectContaining({ ...AUTH0_WEB_APP, client_metadata: {} }),
    ]);
    expect(
      (state.apis as Record<string, unknown>[]).find((a) => a.name === 'Inventory API'),
    ).toMatchObject(AUTH0_API);
    expect(state.grants).toEqual([
      {
        client: 'Web App',
        audience: 'https://inventory.example.test/',
        scope: ['read:stock'],
        subject_type: 'client',
      },
    ]);
    expect(state.hooks).toEqual([
      expect.objectContaining({
        name: 'inventory-claims',
        enabled: true,
        secrets: ['API_KEY'],
        unset: [],
      }),
    ]);
    const res = await tokenFor(fresh, 'Web App', 'https://inventory.example.test/');
    expect(res.status).toBe(200);
    expect(decode(res.body.access_token)).toMatchObject({
      'https://inventory.example.test/key-ok': true,
      permissions: ['read:stock'],
      scope: 'read:stock',
    });
  }, 180_000);
});

/** A web application as Auth0 exports it (fields from `auth0-deploy-cli` examples and exports). */
const AUTH0_WEB_APP = {
  name: 'Web App',
  app_type: 'regular_web',
  allowed_clients: [],
  allowed_logout_urls: ['https://app.example.test/logout'],
  callbacks: ['https://app.example.test/callback'],
  client_aliases: [],
  cross_origin_authentication: false,
  custom_login_page_on: true,
  grant_types: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
  is_first_party: true,
  is_token_endpoint_ip_header_trusted: false,
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
  logo_uri: 'https://app.example.test/logo.png',
  native_social_login: { apple: { enabled: false }, facebook: { enabled: false } },
  oidc_conformant: true,
  organization_usage: 'deny',
  refresh_token: {
    expiration_type: 'non-expiring',
    leeway: 0,
    infinite_token_lifetime: true,
    infinite_idle_token_lifetime: true,
    token_lifetime: 2592000,
    idle_token_lifetime: 1296000,
    rotation_type: 'non-rotating',
  },
  sso_disabled: false,
  token_endpoint_auth_method: 'client_secret_post',
  web_origins: ['https://app.example.test'],
};

const AUTH0_API = {
  name: 'Inventory API',
  identifier: 'https://inventory.example.test/',
  allow_offline_access: false,
  enforce_policies: true,
  scopes: [{ value: 'read:stock', description: 'Read stock' }],
  signing_alg: 'RS256',
  skip_consent_for_verifiable_first_party_clients: true,
  token_dialect: 'access_token_authz',
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
};

const auth0Dir = path.join(tmp, 'auth0-tenant');

function writeAuth0Directory() {
  const write = (file: string, content: unknown) => {
    fs.mkdirSync(path.dirname(path.join(auth0Dir, file)), { recursive: true });
    fs.writeFileSync(
      path.join(auth0Dir, file),
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  };
  write('clients/Web App.json', AUTH0_WEB_APP);
  write('resource-servers/Inventory API.json', AUTH0_API);
  write('grants/Web App-Inventory API.json', {
    client_id: 'Web App',
    audience: 'https://inventory.example.test/',
    scope: ['read:stock'],
    subject_type: 'client',
  });
  write('hooks/inventory-claims.json', {
    name: 'inventory-claims',
    script: './inventory-claims.js',
    dependencies: {},
    enabled: true,
    secrets: { API_KEY: '##INVENTORY_API_KEY##' },
    triggerId: 'credentials-exchange',
  });
  write(
    'hooks/inventory-claims.js',
    "module.exports = function (client, scope, audience, context, cb) {\n  cb(null, { scope: scope, 'https://inventory.example.test/key-ok': context.webtask.secrets.API_KEY === 'k-123' });\n};\n",
  );
}
