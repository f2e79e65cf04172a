/**
 * The real process: `src/server/main.ts` started as a newcomer would run it, on a temporary
 * DATA_DIR and a free port, driven over HTTP with the shared API client.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '@/shared/api-client';
import { clientGrantSchema } from '@/shared/schemas/client-grant';
import { clientSchema } from '@/shared/schemas/client';
import { resourceServerSchema } from '@/shared/schemas/resource-server';
import { tokenResponseSchema } from '@/shared/schemas/token';
import { freePort, ServerProcess } from './testing-process';

const BOOTSTRAP = { id: 'walkthrough-admin', secret: 'walkthrough-secret-0123456789-abcdefghij' };

let dataDir: string;
let base: string;
let env: Record<string, string>;
let server: ServerProcess;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-main-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = {
    PORT: String(port),
    DATA_DIR: dataDir,
    ISSUER_BASE_URL: base,
    BOOTSTRAP_CLIENT_ID: BOOTSTRAP.id,
    BOOTSTRAP_CLIENT_SECRET: BOOTSTRAP.secret,
  };
  server = ServerProcess.start(env);
  expect(await server.ready(base)).toEqual({ status: 'ok' });
});
afterAll(async () => {
  if (server.child.exitCode === null) await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function token(clientId: string, clientSecret: string, audience: string) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience,
    }),
  });
  expect(res.status).toBe(200);
  return tokenResponseSchema.parse(await res.json());
}

describe('npm start, as the README walks through it', () => {
  let created: { clientId: string; clientSecret: string; accessToken: string };

  it('bootstrap token → API → application → grant → verified token', async () => {
    const mgmt = await token(BOOTSTRAP.id, BOOTSTRAP.secret, `${base}/api/v2/`);
    const api = createApiClient({ baseUrl: base, getToken: () => mgmt.access_token });

    const rs = await api.post(
      '/resource-servers',
      {
        name: 'Orders API',
        identifier: 'https://orders.example.com',
        scopes: [
          { value: 'read:orders', description: 'Read orders' },
          { value: 'write:orders', description: 'Write orders' },
        ],
      },
      resourceServerSchema,
    );
    const client = await api.post('/clients', { name: 'Billing service' }, clientSchema);
    const grant = await api.post(
      '/client-grants',
      { client_id: client.client_id, audience: rs.identifier, scope: ['read:orders'] },
      clientGrantSchema,
    );
    expect(grant.scope).toEqual(['read:orders']);

    const issued = await token(client.client_id, client.client_secret!, rs.identifier);
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 86400, scope: 'read:orders' });
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(issued.access_token, jwks, {
      issuer: `${base}/`,
      audience: rs.identifier,
    });
    expect(payload).toMatchObject({
      sub: `${client.client_id}@clients`,
      azp: client.client_id,
      scope: 'read:orders',
      gty: 'client-credentials',
    });
    created = {
      clientId: client.client_id,
      clientSecret: client.client_secret!,
      accessToken: issued.access_token,
    };
  });

  it('answers errors on the token fast path exactly as the Hono route does', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${base}/oauth/token`, { method: 'POST', headers: { 'content-type': type }, body });
    const wrong = await post(
      JSON.stringify({
        grant_type: 'client_credentials',
        client_id: created.clientId,
        client_secret: 'nope',
        audience: 'x',
      }),
    );
    expect([wrong.status, wrong.headers.get('cache-control'), await wrong.json()]).toEqual([
      401,
      'no-store',
      { error: 'invalid_client', error_description: 'Client authentication failed' },
    ]);
    const huge = await post(JSON.stringify({ padding: 'x'.repeat(20_000) }));
    expect([huge.status, await huge.json()]).toEqual([
      413,
      { error: 'invalid_request', error_description: 'Request body too large' },
    ]);
    const text = await post('grant_type=client_credentials', 'text/plain');
    expect(await text.json()).toEqual({
      error: 'invalid_request',
      error_description:
        'Content-Type must be application/x-www-form-urlencoded or application/json',
    });
  });

  it('keeps every secret encrypted in DATA_DIR and out of the log', async () => {
    const files = fs.readdirSync(dataDir).map((f) => path.join(dataDir, f));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(
      expect.arrayContaining(['master.key', 'tokenhook.sqlite']),
    );
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
      keys: { n: string }[];
    };
    const needles = [created.clientSecret, BOOTSTRAP.secret];
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      for (const needle of needles)
        expect(bytes.includes(needle), `${needle} in ${file}`).toBe(false);
      // The public modulus is stored in clear; the private key must not be (no JWK "d" member in clear).
      expect(bytes.includes('"d":"')).toBe(false);
    }
    expect(jwks.keys[0]!.n.length).toBeGreaterThan(300);
    for (const needle of needles) expect(server.output).not.toContain(needle);
  });

  it('stops cleanly on SIGTERM and comes back with the same keys and credentials', async () => {
    expect(await server.stop()).toBe(0);
    server = ServerProcess.start(env);
    await server.ready(base);
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    await expect(
      jwtVerify(created.accessToken, jwks, { issuer: `${base}/` }),
    ).resolves.toBeTruthy();
    const again = await token(created.clientId, created.clientSecret, 'https://orders.example.com');
    expect(again.scope).toBe('read:orders');
  });

  it('a restart with another BOOTSTRAP_CLIENT_SECRET gives the bootstrap client that secret, as ADMIN_PASSWORD does the admin', async () => {
    const secret = 'walkthrough-secret-rotated-9876543210-zyxw';
    expect(await server.stop()).toBe(0);
    env = { ...env, BOOTSTRAP_CLIENT_SECRET: secret };
    server = ServerProcess.start(env);
    await server.ready(base);
    expect((await token(BOOTSTRAP.id, secret, `${base}/api/v2/`)).access_token).toBeTruthy();
    const old = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: BOOTSTRAP.id,
        client_secret: BOOTSTRAP.secret,
        audience: `${base}/api/v2/`,
      }),
    });
    expect(old.status).toBe(401);
    expect(server.output).toContain('Bootstrap client: its secret is now BOOTSTRAP_CLIENT_SECRET');
    expect(server.output).not.toContain(secret);
  });

  it('refuses to start on a bad configuration, naming the variable', async () => {
    const bad = ServerProcess.start({ ...env, PORT: '0', MASTER_KEY: 'dG9vIHNob3J0' });
    expect(await bad.exit).toBe(1);
    expect(bad.output).toContain('MASTER_KEY: must be 32 bytes, base64-encoded');
  });
});
