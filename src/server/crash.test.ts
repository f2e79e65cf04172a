/**
 * Crash safety: SIGKILL in the middle of a stream of management writes and token requests, then a
 * restart on the same DATA_DIR finds every acknowledged write and a consistent store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ServerProcess } from './testing-process';

const ADMIN = { id: 'crash-admin', secret: 'crash-admin-secret-0123456789abcdefghij' };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhook-crash-'));
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('keeps every acknowledged write across a SIGKILL', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      ISSUER_BASE_URL: base,
      BOOTSTRAP_CLIENT_ID: ADMIN.id,
      BOOTSTRAP_CLIENT_SECRET: ADMIN.secret,
      ADMIN_PASSWORD: 'crash-console-password',
    };
    server = ServerProcess.start(env);
    await server.ready(base);

    const token = async (id: string, secret: string, audience: string) =>
      fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: id,
          client_secret: secret,
          audience,
        }),
      });
    const mgmt = (
      (await (await token(ADMIN.id, ADMIN.secret, `${base}/api/v2/`)).json()) as {
        access_token: string;
      }
    ).access_token;
    const call = (method: string, p: string, body?: unknown) =>
      fetch(`${base}/api/v2${p}`, {
        method,
        headers: { authorization: `Bearer ${mgmt}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await call('POST', '/resource-servers', {
      identifier: 'https://crash.example',
      scopes: [{ value: 'a' }],
    });

    const acknowledged: { client_id: string; client_secret: string; grant: string }[] = [];
    let tokens = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        try {
          const res = await call('POST', '/clients', { name: `crash ${acknowledged.length}` });
          if (res.status !== 201) continue;
          const client = (await res.json()) as { client_id: string; client_secret: string };
          const grant = await call('POST', '/client-grants', {
            client_id: client.client_id,
            audience: 'https://crash.example',
            scope: ['a'],
          });
          if (grant.status !== 201) continue;
          acknowledged.push({ ...client, grant: ((await grant.json()) as { id: string }).id });
        } catch {
          return; // the server died mid-request: that write was never acknowledged
        }
      }
    };
    const reader = async () => {
      while (!stop) {
        const last = acknowledged.at(-1);
        if (!last) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        try {
          if (
            (await token(last.client_id, last.client_secret, 'https://crash.example')).status ===
            200
          )
            tokens++;
        } catch {
          return;
        }
      }
    };
    const load = Promise.all([writer(), writer(), writer(), reader(), reader()]);
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    expect(await server.exit).toBeNull(); // killed by the signal, not a clean exit
    stop = true;
    await load;
    expect(acknowledged.length).toBeGreaterThan(10);
    expect(tokens).toBeGreaterThan(10);

    // The store is consistent: SQLite's own check, and foreign keys all resolve.
    const file = new SQLite(path.join(dataDir, 'tokenhook.sqlite'));
    expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(file.pragma('foreign_key_check')).toEqual([]);
    file.close();

    server = ServerProcess.start(env);
    await server.ready(base);
    const mgmt2 = (
      (await (await token(ADMIN.id, ADMIN.secret, `${base}/api/v2/`)).json()) as {
        access_token: string;
      }
    ).access_token;
    const statuses = await Promise.all(
      acknowledged.map(
        async (write) =>
          (
            await fetch(`${base}/api/v2/client-grants/${write.grant}`, {
              headers: { authorization: `Bearer ${mgmt2}` },
            })
          ).status,
      ),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // And the credentials acknowledged before the crash still get tokens.
    const last = acknowledged.at(-1)!;
    expect((await token(last.client_id, last.client_secret, 'https://crash.example')).status).toBe(
      200,
    );
  }, 60_000);
});
