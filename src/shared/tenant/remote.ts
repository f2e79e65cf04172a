/** What an import compares with: the server's APIs, applications, grants and hooks, read over the Management API. */
import { z } from 'zod';
import type { ApiClient } from '@/shared/api-client';
import { listAll } from '@/shared/list-all';
import { clientSchema, type Client } from '@/shared/schemas/client';
import { clientGrantSchema, type ClientGrant } from '@/shared/schemas/client-grant';
import { hookSchema, type Hook } from '@/shared/schemas/hook';
import { resourceServerSchema, type ResourceServer } from '@/shared/schemas/resource-server';

/** The requests an import makes: the shared client, or the CLI's session wrapping it. */
export type Api = Pick<ApiClient, 'get' | 'post' | 'patch' | 'del'>;

const secretNamesSchema = z.record(z.string(), z.string());

export interface Remote {
  clients: Client[];
  resourceServers: ResourceServer[];
  grants: ClientGrant[];
  hooks: Hook[];
  /** Secret names per hook id (fetched for the hooks that matter). */
  secrets: Map<string, string[]>;
}

export async function readRemote(
  api: Pick<Api, 'get'>,
  want: { hooksSecrets: boolean },
): Promise<Remote> {
  const [clients, resourceServers, grants, hooks] = await Promise.all([
    listAll(api, '/clients', 'clients', clientSchema),
    listAll(api, '/resource-servers', 'resource_servers', resourceServerSchema),
    listAll(api, '/client-grants', 'client_grants', clientGrantSchema),
    listAll(api, '/hooks', 'hooks', hookSchema),
  ]);
  const secrets = new Map<string, string[]>();
  if (want.hooksSecrets) {
    await Promise.all(
      hooks.map(async (h) =>
        secrets.set(h.id, Object.keys(await api.get(`/hooks/${h.id}/secrets`, secretNamesSchema))),
      ),
    );
  }
  return { clients, resourceServers, grants, hooks, secrets };
}
