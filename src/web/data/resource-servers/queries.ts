import { queryOptions } from '@tanstack/react-query';
import { resourceServerSchema } from '@/shared/schemas/resource-server';
import { api, getAll, getPage, type PageParams } from '@/web/lib/api';
import { resourceServerKeys } from './keys';

export const RESOURCE_SERVERS_PATH = '/resource-servers';

export const resourceServerPath = (id: string) =>
  `${RESOURCE_SERVERS_PATH}/${encodeURIComponent(id)}`;

export const resourceServerQueries = {
  list: (params: PageParams) =>
    queryOptions({
      queryKey: resourceServerKeys.list(params),
      queryFn: ({ signal }) =>
        getPage(RESOURCE_SERVERS_PATH, 'resource_servers', resourceServerSchema, params, signal),
    }),
  /** Every API: for search, an application's grant lists, the Runner and the token test. */
  every: () =>
    queryOptions({
      queryKey: resourceServerKeys.every(),
      queryFn: ({ signal }) =>
        getAll(RESOURCE_SERVERS_PATH, 'resource_servers', resourceServerSchema, signal),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: resourceServerKeys.detail(id),
      queryFn: ({ signal }) => api.get(resourceServerPath(id), resourceServerSchema, { signal }),
    }),
};
