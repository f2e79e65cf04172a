import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  clientCreateSchema,
  clientSchema,
  clientUpdateSchema,
  type ClientCreate,
  type ClientUpdate,
} from '@/shared/schemas/client';
import { discoverySchema } from '@/shared/schemas/token';
import { api, getAll, getPage, type PageParams } from '@/web/lib/api';

const PATH = '/clients';

export const clientKeys = {
  all: ['clients'] as const,
  lists: () => [...clientKeys.all, 'list'] as const,
  list: (params: PageParams) => [...clientKeys.lists(), params] as const,
  every: () => [...clientKeys.lists(), 'every'] as const,
  detail: (id: string) => [...clientKeys.all, 'detail', id] as const,
};

export const clientQueries = {
  list: (params: PageParams) =>
    queryOptions({
      queryKey: clientKeys.list(params),
      queryFn: ({ signal }) => getPage(PATH, 'clients', clientSchema, params, signal),
    }),
  /** Every application: for search, and for an API's Machine to Machine tab. */
  every: () =>
    queryOptions({
      queryKey: clientKeys.every(),
      queryFn: ({ signal }) => getAll(PATH, 'clients', clientSchema, signal),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: clientKeys.detail(id),
      queryFn: ({ signal }) =>
        api.get(`${PATH}/${encodeURIComponent(id)}`, clientSchema, { signal }),
    }),
};

/** Where applications ask for tokens: the issuer's own metadata says (RFC 8414). */
export const discoveryQuery = () =>
  queryOptions({
    queryKey: ['discovery'] as const,
    queryFn: async ({ signal }) => {
      const res = await fetch('/.well-known/openid-configuration', { signal });
      if (!res.ok) throw new Error(`Could not read the server metadata (${res.status})`);
      return discoverySchema.parse(await res.json());
    },
    staleTime: Infinity,
  });

export function useCreateClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ClientCreate) =>
      api.post(PATH, clientCreateSchema.parse(input), clientSchema),
    meta: { silentError: true },
    onSuccess: (created) => {
      qc.setQueryData(clientKeys.detail(created.client_id), created);
      return qc.invalidateQueries({ queryKey: clientKeys.lists() });
    },
  });
}

export function useUpdateClient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: ClientUpdate) =>
      api.patch(`${PATH}/${encodeURIComponent(id)}`, clientUpdateSchema.parse(patch), clientSchema),
    meta: { silentError: true },
    onSuccess: (updated) => {
      qc.setQueryData(clientKeys.detail(id), updated);
      return qc.invalidateQueries({ queryKey: clientKeys.lists() });
    },
  });
}

export function useRotateClientSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post(`${PATH}/${encodeURIComponent(id)}/rotate-secret`, undefined, clientSchema),
    onSuccess: (updated) => {
      qc.setQueryData(clientKeys.detail(id), updated);
      return qc.invalidateQueries({ queryKey: clientKeys.lists() });
    },
  });
}

/** Deleting an application also removes its grants on the server: both views refresh. */
export function useDeleteClient(id: string, grantKeysRoot: readonly unknown[]) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(`${PATH}/${encodeURIComponent(id)}`, z.undefined()),
    onSuccess: () => {
      qc.removeQueries({ queryKey: clientKeys.detail(id) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: clientKeys.lists() }),
        qc.invalidateQueries({ queryKey: grantKeysRoot }),
      ]);
    },
  });
}
