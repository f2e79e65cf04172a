import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsExchangeSample } from '@/shared/hook-points';
import { loadConfig } from '../config';
import { createApp } from '../app';
import { createQuickJsRuntime } from '../hooks/quickjs-runtime';
import { createServices } from '../services';
import { freshPostgres } from '../testing';
import { copyStore } from './copy';
import { migrate, openSqlite } from './connect';

/** Runs in the `postgres` project: SQLite file → fresh PostgreSQL → a server on the copy works. */
describe('copyStore', () => {
  it('moves clients, APIs, grants, keys, hooks and secrets to PostgreSQL, and tokens keep working', async () => {
    const masterKey = randomBytes(32);
    const config = loadConfig({
      ISSUER_BASE_URL: 'http://tokenhook.test',
      BOOTSTRAP_CLIENT_ID: 'copy-admin',
      BOOTSTRAP_CLIENT_SECRET: 'copy-admin-secret-0123456789abcdefghij',
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'th-copy-')), 'tokenhook.sqlite');
    const sqlite = openSqlite(file);
    await migrate(sqlite);
    const runtime = createQuickJsRuntime({ size: 1 });
    const source = await createServices(config, sqlite, masterKey, { runtime });
    const api = await source.repos.resourceServers.create({
      identifier: 'https://moved.example',
      scopes: [{ value: 'read:data' }],
      signing_alg: 'RS256',
      token_lifetime: 60,
      token_lifetime_for_web: 60,
      allow_offline_access: false,
      skip_consent_for_verifiable_first_party_clients: false,
    });
    const client = await source.repos.clients.create({
      name: 'moved',
      description: '',
      app_type: 'non_interactive',
      is_first_party: true,
      grant_types: ['client_credentials'],
      token_endpoint_auth_method: 'client_secret_post',
      client_metadata: {},
    });
    await source.repos.clientGrants.create(client.client_id, api, ['read:data']);
    const hook = await source.repos.hooks.create({
      name: 'moved-hook',
      script: credentialsExchangeSample,
      triggerId: 'credentials-exchange',
      enabled: true,
      dependencies: {},
      timeout_ms: 5000,
    });
    await source.repos.hookSecrets.addSecrets(hook.id, { KEY: 'moved-secret' });
    const jwksBefore = source.keys.jwks();
    await source.close();

    const target = await freshPostgres();
    try {
      await migrate(target.db);
      const counts = await copyStore(sqlite, target.db);
      expect(counts).toMatchObject({
        resource_servers: 2,
        clients: 2,
        client_grants: 2,
        hooks: 1,
        hook_secrets: 1,
        admins: 1,
      });
      await expect(copyStore(sqlite, target.db)).rejects.toThrow(
        'The target store is not empty (resource_servers has rows)',
      );

      const moved = await createServices(config, target.db, masterKey, {
        runtime: createQuickJsRuntime({ size: 1 }),
      });
      try {
        expect(moved.keys.jwks()).toEqual(jwksBefore);
        expect((await moved.repos.hooks.runnable(hook.id))?.secrets).toEqual({
          KEY: 'moved-secret',
        });
        const app = createApp({
          ...moved,
          logError: (err) => {
            throw err;
          },
        });
        const res = await app.request('/oauth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            grant_type: 'client_credentials',
            client_id: client.client_id,
            client_secret: client.client_secret,
            audience: 'https://moved.example',
          }),
        });
        expect(await res.json()).toMatchObject({ scope: 'read:data extra' });
      } finally {
        await moved.close();
      }
    } finally {
      await target.db.destroy();
      await target.drop();
      await sqlite.destroy();
    }
  });
});
