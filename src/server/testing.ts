/**
 * Test support: a real Tokenhook over a real in-memory SQLite, called through `app.request()`.
 * Only tests import this file.
 */
import { randomBytes } from 'node:crypto';
import { managementScopes } from '@/shared/management-scopes';
import { clientCreateSchema } from '@/shared/schemas/client';
import { createApp } from './app';
import { loadConfig, type Config } from './config';
import { modulesCacheDir } from './hooks/modules/install';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { migrate, openPostgres, openSqlite } from './db/connect';
import { createQuickJsRuntime, hookEgressOf } from './hooks/quickjs-runtime';
import { createServices } from './services';
import type { StoreHealth } from './db/store-health';

export const TEST_ISSUER = 'http://tokenhook.test';
export const MANAGEMENT_AUDIENCE = `${TEST_ISSUER}/api/v2/`;

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  /** The caller's address, as node:http would report it (app.request() has no socket). */
  peer?: string;
}

export async function createTestServer(
  env: Record<string, string> = {},
  opts: {
    hookWorkers?: number;
    health?: StoreHealth;
    /** A SQLite file several test servers share. */ sqliteFile?: string;
    masterKey?: Buffer;
  } = {},
) {
  // Tests never reach a real registry: without a stand-in, module resolution fails on loopback.
  const config: Config = loadConfig({
    ISSUER_BASE_URL: TEST_ISSUER,
    NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/',
    ...env,
  });
  const queries: string[] = [];
  const log = (event: LogEvent) => void queries.push(event.query.sql);
  const store = testStore();
  const { db, drop } =
    store === 'postgres' && !opts.sqliteFile
      ? await freshPostgres(log)
      : { db: openSqlite(opts.sqliteFile ?? ':memory:', { log }), drop: async () => {} };
  await migrate(db);
  const runtime = createQuickJsRuntime({
    size: opts.hookWorkers ?? 1,
    egress: hookEgressOf(config),
    modulesCacheDir: modulesCacheDir(config.dataDir),
  });
  const services = await createServices(config, db, opts.masterKey ?? randomBytes(32), {
    runtime,
    hookTimeoutMs: 2_000,
    health: opts.health,
  });
  const errors: unknown[] = [];
  const app = createApp({ ...services, logError: (err) => errors.push(err) });

  /** JSON request to the app; `body` is sent as JSON unless it is a string or URLSearchParams. */
  async function call(method: string, path: string, opts: CallOptions = {}) {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | URLSearchParams | undefined;
    if (opts.body instanceof URLSearchParams || typeof opts.body === 'string') body = opts.body;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const env =
      opts.peer === undefined ? undefined : { incoming: { socket: { remoteAddress: opts.peer } } };
    const res = await app.request(path, { method, headers, body }, env);
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, body: json as any, text };
  }

  /** Creates an M2M client granted `scope` on `audience` directly in the store. */
  async function createClientWithGrant(audience: string, scope: string[], name = 'test client') {
    const client = await services.repos.clients.create(clientCreateSchema.parse({ name }));
    const api = await services.repos.resourceServers.getByIdentifier(audience);
    if (!api) throw new Error(`no API ${audience}`);
    await services.repos.clientGrants.create(client.client_id, api, scope);
    return { clientId: client.client_id, clientSecret: client.client_secret! };
  }

  /** A Management API token holding exactly `scopes`, obtained through /oauth/token. */
  async function managementToken(scopes: string[]): Promise<string> {
    const { clientId, clientSecret } = await createClientWithGrant(
      MANAGEMENT_AUDIENCE,
      scopes,
      'mgmt',
    );
    const res = await call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        audience: MANAGEMENT_AUDIENCE,
      },
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.text}`);
    return res.body.access_token as string;
  }

  return {
    app,
    services,
    config,
    call,
    createClientWithGrant,
    managementToken,
    /** SQL statements run so far (to show what touches the database). */
    queryCount: () => queries.length,
    /** The SQL run since the `from`-th statement. */
    queriesSince: (from: number) => queries.slice(from),
    /** Errors that reached the generic 500 handler (tests assert it stays empty). */
    unexpectedErrors: errors,
    store,
    close: async () => {
      await services.close();
      await db.destroy();
      await drop();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof createTestServer>>;

/**
 * Which store the suites run on: SQLite in memory, or PostgreSQL when the `postgres` Vitest
 * project sets TOKENHOOK_TEST_STORE (it needs TEST_DATABASE_URL, an admin connection).
 */
export function testStore(): 'sqlite' | 'postgres' {
  return process.env.TOKENHOOK_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/** A database of its own for one test server, created from TEST_DATABASE_URL and dropped after. */
export async function freshPostgres(log?: (event: LogEvent) => void) {
  const url = freshPostgresUrl();
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = new URL(url).pathname.slice(1);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const db = openPostgres(url, { log, max: 5 });
  return {
    db,
    url,
    drop: async () => {
      const again = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

function freshPostgresUrl(): string {
  const base = process.env.TEST_DATABASE_URL;
  if (!base)
    throw new Error('TEST_DATABASE_URL (a PostgreSQL admin URL) is needed for the postgres suites');
  const url = new URL(base);
  url.pathname = `/tokenhook_test_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

/**
 * A credentials-exchange hook to try scripts on through the real token endpoint: an API with one
 * scope, a client granted it, and the hook (created disabled). `exchange` saves a script (enabled,
 * with any other hook settings) and asks for a token.
 */
export async function createHookTrial(t: TestServer, audience: string, scope: string) {
  const admin = await t.managementToken(managementScopes.map((s) => s.value));
  const api = await t.call('POST', '/api/v2/resource-servers', {
    token: admin,
    body: { identifier: audience, scopes: [{ value: scope }] },
  });
  if (api.status !== 201) throw new Error(`creating the API failed: ${api.text}`);
  const app = await t.createClientWithGrant(audience, [scope]);
  const created = await t.call('POST', '/api/v2/hooks', {
    token: admin,
    body: {
      name: 'hook-trial',
      script: 'module.exports = function (client, scope, audience, context, cb) { cb(null, {}); };',
      triggerId: 'credentials-exchange',
    },
  });
  if (created.status !== 201) throw new Error(`creating the hook failed: ${created.text}`);
  const hookId = created.body.id as string;
  return {
    admin,
    app,
    hookId,
    /** `settings`: other hook fields to save; `params`: extra token parameters; `peer`: the caller's address. */
    async exchange(
      script: string,
      options: {
        settings?: Record<string, unknown>;
        params?: Record<string, string>;
        peer?: string;
      } = {},
    ) {
      const saved = await t.call('PATCH', `/api/v2/hooks/${hookId}`, {
        token: admin,
        body: { script, enabled: true, ...options.settings },
      });
      if (saved.status !== 200) throw new Error(`saving the hook failed: ${saved.text}`);
      return t.call('POST', '/oauth/token', {
        peer: options.peer,
        body: {
          grant_type: 'client_credentials',
          client_id: app.clientId,
          client_secret: app.clientSecret,
          audience,
          ...options.params,
        },
      });
    },
  };
}
