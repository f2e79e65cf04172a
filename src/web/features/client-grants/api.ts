import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  clientGrantCreateSchema,
  clientGrantSchema,
  clientGrantUpdateSchema,
} from '@/shared/schemas/client-grant';
import { api, getAll } from '@/web/lib/api';

const PATH = '/client-grants';

/** Grants seen from an API (`audience`) or from an application (`client_id`). */
export type GrantFilter = { audience: string } | { client_id: string };

export const clientGrantKeys = {
  all: ['client-grants'] as const,
  list: (filter: GrantFilter) => [...clientGrantKeys.all, 'list', filter] as const,
};

export const clientGrantQueries = {
  list: (filter: GrantFilter) =>
    queryOptions({
      queryKey: clientGrantKeys.list(filter),
      queryFn: ({ signal }) => getAll(PATH, 'client_grants', clientGrantSchema, signal, filter),
    }),
};

/**
 * Every grant change invalidates `clientGrantKeys.all`: the API's Machine to Machine tab and the
 * application's APIs tab show the same grants from both sides.
 */
function useGrantMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => qc.invalidateQueries({ queryKey: clientGrantKeys.all }),
  });
}

export const useCreateClientGrant = () =>
  useGrantMutation((input: { client_id: string; audience: string; scope: string[] }) =>
    api.post(PATH, clientGrantCreateSchema.parse(input), clientGrantSchema),
  );

export const useUpdateClientGrant = () =>
  useGrantMutation(({ id, scope }: { id: string; scope: string[] }) =>
    api.patch(
      `${PATH}/${encodeURIComponent(id)}`,
      clientGrantUpdateSchema.parse({ scope }),
      clientGrantSchema,
    ),
  );

export const useDeleteClientGrant = () =>
  useGrantMutation((id: string) => api.del(`${PATH}/${encodeURIComponent(id)}`, z.undefined()));
