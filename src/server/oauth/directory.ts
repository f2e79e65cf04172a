import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import type { ChangeBus } from '../db/changes';
import { FallbackCache } from '../db/fallback-cache';
import type { StoreHealth } from '../db/store-health';
import type { ClientGrantRepo } from '../db/repos/client-grants';
import type { ClientRepo } from '../db/repos/clients';
import type { ResourceServerRepo } from '../db/repos/resource-servers';
import type { QuotaLimits } from '../db/repos/token-quotas';

/** What the token endpoint needs of a client; the secret is held only as a digest. */
export interface ExchangeClient {
  clientId: string;
  name: string;
  metadata: Record<string, string>;
  grantTypes: string[];
  secretDigest: Buffer;
  /** The client's token quota, when it sets a limit. */
  quota?: QuotaLimits;
  /** Epoch second from which the client's tokens count (its creation or last secret change). */
  tokensValidSince: number;
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** Constant-time secret check: equal-length digests, compared with timingSafeEqual. */
export function secretMatches(client: ExchangeClient, presented: string): boolean {
  return timingSafeEqual(client.secretDigest, digest(presented));
}

/**
 * Read-through cache of clients, APIs and grants for the token endpoint, so a token request
 * touches no database when nothing changed. Every committed write publishes a change; the cache
 * then drops what may be stale. While the store is unreachable it answers from the last state it
 * read (fallback-cache.ts).
 */
export class Directory {
  readonly #clients: FallbackCache<ExchangeClient | undefined>;
  readonly #apis: FallbackCache<ResourceServer | undefined>;
  readonly #grants: FallbackCache<string[] | undefined>;
  readonly #signingSecrets: FallbackCache<string | undefined>;

  constructor(
    private readonly repos: {
      clients: ClientRepo;
      resourceServers: ResourceServerRepo;
      clientGrants: ClientGrantRepo;
    },
    changes: ChangeBus,
    health: StoreHealth,
  ) {
    // Absent clients and APIs are not kept: ids sprayed at the endpoint must not fill memory.
    this.#clients = new FallbackCache(health, (client) => client !== undefined);
    this.#apis = new FallbackCache(health, (api) => api !== undefined);
    this.#grants = new FallbackCache(health);
    this.#signingSecrets = new FallbackCache(health);
    changes.subscribe((change) => {
      switch (change.entity) {
        case 'client':
          this.#clients.delete(change.id);
          this.#grants.clear(); // a deleted client takes its grants with it
          break;
        case 'resource_server':
          this.#apis.clear(); // keyed by identifier, which the change does not carry
          this.#grants.clear();
          this.#signingSecrets.delete(change.id);
          break;
        case 'client_grant':
          this.#grants.clear();
          break;
        case 'all':
          this.#clients.expireAll();
          this.#apis.expireAll();
          this.#grants.expireAll();
          this.#signingSecrets.expireAll();
          break;
        case 'signing_key':
        case 'hook':
          break;
      }
    });
  }

  client(clientId: string): Promise<ExchangeClient | undefined> {
    return this.#clients.get(clientId, async () => {
      const found = await this.repos.clients.getForTokens(clientId);
      if (!found) return undefined;
      const { client, tokensValidSince } = found;
      const entry: ExchangeClient = {
        clientId: client.client_id,
        name: client.name,
        metadata: client.client_metadata,
        grantTypes: client.grant_types,
        secretDigest: digest(client.client_secret!),
        tokensValidSince,
      };
      const quota = client.token_quota?.client_credentials;
      if (quota && (quota.per_hour !== undefined || quota.per_day !== undefined)) {
        entry.quota = {
          enforce: quota.enforce === true,
          per_hour: quota.per_hour,
          per_day: quota.per_day,
        };
      }
      return entry;
    });
  }

  api(identifier: string): Promise<ResourceServer | undefined> {
    return this.#apis.get(identifier, () => this.repos.resourceServers.getByIdentifier(identifier));
  }

  /** The HS256 secret of an API (by its id), or undefined when it has none. */
  signingSecret(apiId: string): Promise<string | undefined> {
    return this.#signingSecrets.get(apiId, () => this.repos.resourceServers.signingSecret(apiId));
  }

  /**
   * What a token issued to `clientId` at `iat` for `audience` may still do: the client's current
   * grant, or undefined when the client is gone, its secret changed since, or its grant was
   * deleted. Read from the caches, like a token request.
   */
  async stillGranted(
    clientId: string,
    audience: string,
    iat: number,
  ): Promise<string[] | undefined> {
    const client = await this.client(clientId);
    if (!client || iat < client.tokensValidSince) return undefined;
    const api = await this.api(audience);
    return api && this.grantedScopes(clientId, api.id);
  }

  /** The scopes granted to the client on the API, or undefined when there is no grant. */
  grantedScopes(clientId: string, resourceServerId: string): Promise<string[] | undefined> {
    return this.#grants.get(`${clientId}\n${resourceServerId}`, () =>
      this.repos.clientGrants.scopesFor(clientId, resourceServerId),
    );
  }
}
