import { createHash, timingSafeEqual } from 'node:crypto';
import type { ResourceServer } from '@/shared/schemas/resource-server';
import type { ChangeBus } from '../db/changes';
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
 * then drops what may be stale. A generation counter keeps a read that raced a change from
 * caching what it read.
 */
export class Directory {
  #clients = new Map<string, ExchangeClient>();
  #apis = new Map<string, ResourceServer>();
  #grants = new Map<string, string[] | null>();
  #generation = 0;

  constructor(
    private readonly repos: { clients: ClientRepo; resourceServers: ResourceServerRepo; clientGrants: ClientGrantRepo },
    changes: ChangeBus,
  ) {
    changes.subscribe((change) => {
      this.#generation++;
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
          this.#clients.clear();
          this.#apis.clear();
          this.#grants.clear();
          break;
        case 'signing_key':
        case 'hook':
          break;
      }
    });
  }

  async client(clientId: string): Promise<ExchangeClient | undefined> {
    const cached = this.#clients.get(clientId);
    if (cached) return cached;
    const generation = this.#generation;
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
    if (generation === this.#generation) this.#clients.set(clientId, entry);
    return entry;
  }

  async api(identifier: string): Promise<ResourceServer | undefined> {
    const cached = this.#apis.get(identifier);
    if (cached) return cached;
    const generation = this.#generation;
    const api = await this.repos.resourceServers.getByIdentifier(identifier);
    if (api && generation === this.#generation) this.#apis.set(identifier, api);
    return api;
  }

  /**
   * What a token issued to `clientId` at `iat` for `audience` may still do: the client's current
   * grant, or undefined when the client is gone, its secret changed since, or its grant was
   * deleted. Read from the caches, like a token request.
   */
  async stillGranted(clientId: string, audience: string, iat: number): Promise<string[] | undefined> {
    const client = await this.client(clientId);
    if (!client || iat < client.tokensValidSince) return undefined;
    const api = await this.api(audience);
    return api && this.grantedScopes(clientId, api.id);
  }

  /** The scopes granted to the client on the API, or undefined when there is no grant. */
  async grantedScopes(clientId: string, resourceServerId: string): Promise<string[] | undefined> {
    const key = `${clientId}\n${resourceServerId}`;
    const cached = this.#grants.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const generation = this.#generation;
    const scopes = await this.repos.clientGrants.scopesFor(clientId, resourceServerId);
    if (generation === this.#generation) this.#grants.set(key, scopes ?? null);
    return scopes;
  }
}
