import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import {
  resourceServerCreateSchema,
  resourceServerSchema,
  resourceServerUpdateSchema,
  type ResourceServerCreate,
  type ResourceServerUpdate,
} from '@/shared/schemas/resource-server';
import { z } from 'zod';
import { api, getAll, getPage, type PageParams } from '@/web/lib/api';

const PATH = '/resource-servers';

export const resourceServerKeys = {
  all: ['resource-servers'] as const,
  lists: () => [...resourceServerKeys.all, 'list'] as const,
  list: (params: PageParams) => [...resourceServerKeys.lists(), params] as const,
  every: () => [...resourceServerKeys.lists(), 'every'] as const,
  detail: (id: string) => [...resourceServerKeys.all, 'detail', id] as const,
};

export const resourceServerQueries = {
  list: (params: PageParams) =>
    queryOptions({
      queryKey: resourceServerKeys.list(params),
      queryFn: ({ signal }) =>
        getPage(PATH, 'resource_servers', resourceServerSchema, params, signal),
    }),
  /** Every API: for search, and for the grant lists of an application. */
  every: () =>
    queryOptions({
      queryKey: resourceServerKeys.every(),
      queryFn: ({ signal }) => getAll(PATH, 'resource_servers', resourceServerSchema, signal),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: resourceServerKeys.detail(id),
      queryFn: ({ signal }) =>
        api.get(`${PATH}/${encodeURIComponent(id)}`, resourceServerSchema, { signal }),
    }),
};

export function useCreateResourceServer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResourceServerCreate) =>
      api.post(PATH, resourceServerCreateSchema.parse(input), resourceServerSchema),
    meta: { silentError: true },
    onSuccess: (created) => {
      qc.setQueryData(resourceServerKeys.detail(created.id), created);
      return qc.invalidateQueries({ queryKey: resourceServerKeys.lists() });
    },
  });
}

export function useUpdateResourceServer(id: string, options: { silentError?: boolean } = {}) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ResourceServerUpdate) =>
      api.patch(
        `${PATH}/${encodeURIComponent(id)}`,
        resourceServerUpdateSchema.parse(patch),
        resourceServerSchema,
      ),
    meta: { silentError: options.silentError },
    onSuccess: (updated) => {
      qc.setQueryData(resourceServerKeys.detail(id), updated);
      return qc.invalidateQueries({ queryKey: resourceServerKeys.lists() });
    },
  });
}

/** Deleting an API also removes its grants on the server: both views refresh. */
export function useDeleteResourceServer(id: string, grantKeysRoot: readonly unknown[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(`${PATH}/${encodeURIComponent(id)}`, z.undefined()),
    onSuccess: () => {
      qc.removeQueries({ queryKey: resourceServerKeys.detail(id) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: resourceServerKeys.lists() }),
        qc.invalidateQueries({ queryKey: grantKeysRoot }),
      ]);
    },
  });
}
