import { sql, type Kysely } from 'kysely';
import { managementApiPath, managementScopes } from '@/shared/management-scopes';
import { clientCreateSchema } from '@/shared/schemas/client';
import { DEFAULT_HOOK_TIMEOUT_MS } from '@/shared/schemas/hook';
import type { Config } from './config';
import { modulesCacheDir } from './hooks/modules/install';
import { SecretBox } from './crypto/secret-box';
import { ChangeBus } from './db/changes';
import { ClientGrantRepo } from './db/repos/client-grants';
import { ClientRepo } from './db/repos/clients';
import { ResourceServerRepo } from './db/repos/resource-servers';
import { SigningKeyRepo } from './db/repos/signing-keys';
import type { Database } from './db/schema';
import { Directory } from './oauth/directory';
import { KeyStore } from './oauth/keys';
import { TokenIssuer } from './oauth/tokens';
import { HookExecutionRepo } from './db/repos/hook-executions';
import { HookSecretRepo } from './db/repos/hook-secrets';
import { HookVersionRepo } from './db/repos/hook-versions';
import { HookRepo } from './db/repos/hooks';
import { LogRepo } from './db/repos/logs';
import type { LogSink } from './db/log-batches';
import { HookTestRepo } from './db/repos/hook-tests';
import { ExecutionFeed } from './hooks/feed';
import type { HookRuntime } from './hooks/runtime';
import { HookService } from './hooks/service';
import { ConsoleAuth } from './auth/console-auth';
import { ApiError } from '@/shared/api-error';
import { isUniqueViolation } from './db/errors';
import { describeError, StoreHealth } from './db/store-health';
import { TokenQuotaRepo } from './db/repos/token-quotas';

export interface Repos {
  resourceServers: ResourceServerRepo;
  clients: ClientRepo;
  clientGrants: ClientGrantRepo;
  signingKeys: SigningKeyRepo;
  hooks: HookRepo;
  hookVersions: HookVersionRepo;
  hookSecrets: HookSecretRepo;
  logs: LogRepo;
  hookTests: HookTestRepo;
  tokenQuotas: TokenQuotaRepo;
}

/** Everything the HTTP layer depends on; built once per process (or per test). */
export interface Services {
  config: Config;
  db: Kysely<Database>;
  changes: ChangeBus;
  /** Whether the store answers; the token path and the Management API act on it. */
  health: StoreHealth;
  repos: Repos;
  directory: Directory;
  keys: KeyStore;
  tokens: TokenIssuer;
  hooks: HookService;
  consoleAuth: ConsoleAuth;
  /** Set when this start created the console admin with a generated password (print it once). */
  generatedAdminPassword: string | undefined;
  /** Set when this start gave the existing bootstrap client BOOTSTRAP_CLIENT_SECRET (say so, never the value). */
  bootstrapSecretChanged: boolean;
  /** `${ISSUER_BASE_URL}/api/v2/`: the audience of management tokens. */
  managementAudience: string;
  /** Flushes the execution log and stops the hook workers. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  runtime: HookRuntime;
  /** Wall-clock limit of a Runner draft's run (saved hooks carry their own; default 5 s). */
  hookTimeoutMs?: number;
  /** Stores the batched tenant and execution logs (default: through `db`, on this thread). */
  logSink?: LogSink;
  /** Made by main.ts before the store answers, so pool errors can reach it (default: a new one over `db`). */
  health?: StoreHealth;
}

/** The round trip that tells whether the store answers. */
export const probeStore = (db: Kysely<Database>) => () => sql`select 1`.execute(db);

/**
 * Wires the services over a migrated database and makes the store ready to serve: the system
 * Management API exists with today's scopes, an RS256 signing key exists, and the bootstrap
 * client (when configured) exists with every management scope.
 */
export async function createServices(
  config: Config,
  db: Kysely<Database>,
  masterKey: Buffer,
  opts: ServiceOptions,
): Promise<Services> {
  const box = new SecretBox(masterKey);
  const changes = new ChangeBus();
  const health =
    opts.health ??
    new StoreHealth({ probe: probeStore(db), maxStalenessMs: config.storeOutageMaxStalenessMs });
  // Back from an outage: anything may have changed meanwhile.
  health.onRecovered(() => changes.publish({ entity: 'all' }, 'remote'));
  const hookRepo = new HookRepo(db, changes, box);
  const repos: Repos = {
    resourceServers: new ResourceServerRepo(db, changes, box),
    clients: new ClientRepo(db, changes, box, config.tenant),
    clientGrants: new ClientGrantRepo(db, changes),
    signingKeys: new SigningKeyRepo(db, changes),
    hooks: hookRepo,
    hookVersions: new HookVersionRepo(db, hookRepo),
    hookSecrets: new HookSecretRepo(db, changes, box, hookRepo),
    logs: new LogRepo(db, { sink: opts.logSink, health }),
    hookTests: new HookTestRepo(db),
    tokenQuotas: new TokenQuotaRepo(db),
  };
  const keys = new KeyStore(repos.signingKeys, box);
  // Another node's new or rotated key, or a reconnect of the change feed: re-read the keys.
  changes.subscribe((change, origin) => {
    if ((change.entity === 'signing_key' && origin === 'remote') || change.entity === 'all') {
      // While the store is unreachable the keys in memory keep signing.
      keys.reload().catch((err: unknown) => {
        if (!health.failed(err))
          console.error(`Could not reload signing keys: ${describeError(err)}`);
      });
    }
  });
  const managementAudience = `${config.issuerBaseUrl}${managementApiPath}`;
  // Nodes starting together may race to create the same rows: the loser's second pass finds them.
  const { generatedAdminPassword, bootstrapSecretChanged, consoleAuth } = await retryOnConflict(
    () => prepareStore(config, db, repos, keys, managementAudience),
  );

  const directory = new Directory(repos, changes, health);
  const executions = new HookExecutionRepo(db, { sink: opts.logSink, health });
  const hooks = new HookService(
    repos.hooks,
    executions,
    new ExecutionFeed(),
    opts.runtime,
    directory,
    changes,
    {
      tenant: config.tenant,
      issuerHost: new URL(config.issuerBaseUrl).hostname,
      timeoutMs: opts.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS,
      modules: { registry: config.npmRegistry, cacheDir: modulesCacheDir(config.dataDir) },
      geoip: config.geoip,
    },
    repos.hookTests,
    health,
  );
  return {
    config,
    db,
    changes,
    health,
    repos,
    directory,
    keys,
    tokens: new TokenIssuer(config.issuerBaseUrl, keys),
    hooks,
    consoleAuth,
    generatedAdminPassword,
    bootstrapSecretChanged,
    managementAudience,
    async close() {
      await executions.close();
      await repos.logs.flush();
      await opts.runtime.close();
      health.close();
    },
  };
}

/**
 * Makes the store ready to serve: an RS256 signing key, the system Management API with today's
 * scopes, the console admin, and the bootstrap client (when configured) with its configured secret
 * and every management scope.
 */
async function prepareStore(
  config: Config,
  db: Kysely<Database>,
  repos: Repos,
  keys: KeyStore,
  managementAudience: string,
) {
  await keys.reload();
  await keys.signingKey('RS256');
  const scopes = managementScopes.map((s) => ({ value: s.value, description: s.description }));
  const managementApi = await repos.resourceServers.ensureSystem({
    name: 'Auth0 Management API',
    identifier: managementAudience,
    scopes,
  });
  let bootstrapSecretChanged = false;
  if (config.bootstrapClient) {
    const { clientId, clientSecret } = config.bootstrapClient;
    const existing = await repos.clients.get(clientId, true);
    if (!existing) {
      await repos.clients.create(
        clientCreateSchema.parse({
          name: 'Bootstrap client',
          description: 'Created from BOOTSTRAP_CLIENT_ID; holds every management scope.',
        }),
        { clientId, clientSecret },
      );
    } else if (existing.client_secret !== clientSecret) {
      // As ADMIN_PASSWORD does the admin's: the configured secret is the one that works.
      await repos.clients.update(clientId, { client_secret: clientSecret });
      bootstrapSecretChanged = true;
    }
    // Kept at every management scope while configured, so upgrades that add scopes reach it.
    await repos.clientGrants.upsert(
      clientId,
      managementApi,
      scopes.map((s) => s.value),
    );
  }
  const consoleAuth = new ConsoleAuth(db, config.tenant, config.issuerBaseUrl);
  const generatedAdminPassword = await consoleAuth.ensureAdmin(
    config.adminEmail,
    config.adminPassword,
  );
  return { consoleAuth, generatedAdminPassword, bootstrapSecretChanged };
}

/** Runs `work` again after a unique-key conflict: another node made the row first (at most 5 tries). */
async function retryOnConflict<T>(work: () => Promise<T>, tries = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const conflict = isUniqueViolation(err) || (err instanceof ApiError && err.status === 409);
      if (!conflict || attempt >= tries) throw err;
    }
  }
}
