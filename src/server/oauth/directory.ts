import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import type { ChangeBus } from '../db/changes';
import { FallbackCache } from '../db/fallback-cache';
import type { StoreHealth } from '../db/store-health';
import type { ClientGrantRepo } from '../db/repos/client-grants';
import type { ClientRepo } from '../db/repos/clients';
import type { ResourceServerRepo } from '../db/repos/resource-servers';

/** What the token endpoint needs of a client; the secret is held only as a digest. */
export interface ExchangeClient {
  clientId: string;
  name: string;
  metadata: Record<string, string>;
  grantTypes: string[];
  secretDigest: Buffer;
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

  constructor(
    private readonly repos: { clients: ClientRepo; resourceServers: ResourceServerRepo; clientGrants: ClientGrantRepo },
    changes: ChangeBus,
    health: StoreHealth,
  ) {
    // Absent clients and APIs are not kept: ids sprayed at the endpoint must not fill memory.
    this.#clients = new FallbackCache(health, (client) => client !== undefined);
    this.#apis = new FallbackCache(health, (api) => api !== undefined);
    this.#grants = new FallbackCache(health);
    changes.subscribe((change) => {
      switch (change.entity) {
        case 'client':
          this.#clients.delete(change.id);
          this.#grants.clear(); // a deleted client takes its grants with it
          break;
        case 'resource_server':
          this.#apis.clear(); // keyed by identifier, which the change does not carry
          this.#grants.clear();
          break;
        case 'client_grant':
          this.#grants.clear();
          break;
        case 'all':
          this.#clients.expireAll();
          this.#apis.expireAll();
          this.#grants.expireAll();
          break;
        case 'signing_key':
        case 'hook':
          break;
      }
    });
  }

  client(clientId: string): Promise<ExchangeClient | undefined> {
    return this.#clients.get(clientId, async () => {
      const client = await this.repos.clients.get(clientId, true);
      if (!client) return undefined;
      return {
        clientId: client.client_id,
        name: client.name,
        metadata: client.client_metadata,
        grantTypes: client.grant_types,
        secretDigest: digest(client.client_secret!),
      };
    });
  }

  api(identifier: string): Promise<ResourceServer | undefined> {
    return this.#apis.get(identifier, () => this.repos.resourceServers.getByIdentifier(identifier));
  }

  /** The scopes granted to the client on the API, or undefined when there is no grant. */
  grantedScopes(clientId: string, resourceServerId: string): Promise<string[] | undefined> {
    return this.#grants.get(`${clientId}\n${resourceServerId}`, () => this.repos.clientGrants.scopesFor(clientId, resourceServerId));
  }
}
