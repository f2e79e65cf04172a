import path from 'node:path';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { modulesCacheDir } from './hooks/modules/install';
import { loadMasterKey } from './crypto/secret-box';
import type { Kysely } from 'kysely';
import { migrate, openPostgres, openSqlite, untilStoreAnswers } from './db/connect';
import { LogWriterThread } from './db/log-writer';
import { startChangeRelay } from './db/pg-relay';
import type { Database } from './db/schema';
import { createQuickJsRuntime, hookEgressOf } from './hooks/quickjs-runtime';
import { createServices, probeStore } from './services';
import { StoreHealth } from './db/store-health';
import { installLastResort } from './last-resort';
import { serveTokenFastPath } from './token-fast-path';

/** The one place that reads the environment and listens. */
async function main() {
  installLastResort();
  const config = loadConfig(process.env);
  let db: Kysely<Database>;
  let health: StoreHealth | undefined;
  let logWriter: LogWriterThread | undefined;
  const say = (line: string) => console.warn(line);
  if (config.databaseUrl) {
    // Every node must open the same secrets: a key file per node would not.
    if (!config.masterKey)
      throw new ConfigError(
        'DATABASE_URL needs MASTER_KEY: every node must share the key that encrypts secrets',
      );
    db = openPostgres(config.databaseUrl, {
      applicationName: `tokenhook:${process.pid}`,
      onConnectionError: () => health?.suspect(),
    });
    health = new StoreHealth({
      probe: probeStore(db),
      maxStalenessMs: config.storeOutageMaxStalenessMs,
      log: say,
    });
    // A node may start before its database: it waits, then migrates (one node at a time).
    await untilStoreAnswers(() => migrate(db), say);
  } else {
    const file = path.join(config.dataDir, 'tokenhook.sqlite');
    db = openSqlite(file);
    await migrate(db);
    // better-sqlite3 writes synchronously: the logs are stored beside the event loop, not on it.
    logWriter = await LogWriterThread.start(file);
  }
  const runtime = createQuickJsRuntime({
    size: 2,
    egress: hookEgressOf(config),
    modulesCacheDir: modulesCacheDir(config.dataDir),
  });
  const masterKey = loadMasterKey(config.masterKey, config.dataDir);
  const services = await untilStoreAnswers(
    () => createServices(config, db, masterKey, { runtime, logSink: logWriter?.sink, health }),
    say,
  );
  const relay = config.databaseUrl
    ? await startChangeRelay({
        url: config.databaseUrl,
        db,
        changes: services.changes,
        masterKey,
        health: services.health,
        refreshMs: config.cacheRefreshMs,
        log: say,
      })
    : undefined;
  if (services.generatedAdminPassword) {
    // Printed once, on the start that created the admin; only its scrypt hash is stored.
    console.log(
      `Console admin created: ${config.adminEmail} / ${services.generatedAdminPassword}\n` +
        '  (shown once; set ADMIN_PASSWORD to choose it)',
    );
  }
  if (services.bootstrapSecretChanged)
    console.log(
      `Bootstrap client: its secret is now BOOTSTRAP_CLIENT_SECRET (${config.bootstrapClient?.clientId ?? ''}); the previous one no longer works`,
    );
  const here = path.dirname(fileURLToPath(import.meta.url));
  const app = createApp({ ...services, webRoot: path.join(here, 'web') });

  const honoListener = getRequestListener(app.fetch);
  const server = http.createServer((req, res) => {
    if (!serveTokenFastPath(app.tokenEndpoint, req, res)) void honoListener(req, res);
  });
  server.listen(config.port, config.host, () => {
    console.log(
      `tokenhook listening on http://${config.host}:${config.port} (issuer ${config.issuerBaseUrl}/)`,
    );
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: closing`);
    // Stop accepting, let in-flight requests finish, then close the store.
    server.close(() => {
      app.tokenEndpoint.flushRefusals();
      void services
        .close()
        .then(() => relay?.close())
        .then(() => logWriter?.close())
        .then(() => db.destroy())
        .then(() => process.exit(0));
    });
    server.closeIdleConnections();
    // Live log streams never end by themselves: give ordinary requests a moment, then close them.
    setTimeout(() => server.closeAllConnections(), 1_000).unref();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
