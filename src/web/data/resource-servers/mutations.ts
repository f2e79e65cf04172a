import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  resourceServerCreateSchema,
  resourceServerSchema,
  resourceServerUpdateSchema,
  type ResourceServerCreate,
  type ResourceServerUpdate,
} from '@/shared/schemas/resource-server';
import { api } from '@/web/lib/api';
import { clientGrantKeys } from '../client-grants/keys';
import { resourceServerKeys } from './keys';
import { RESOURCE_SERVERS_PATH, resourceServerPath } from './queries';

export function useCreateResourceServer() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ResourceServerCreate) =>
      api.post(
        RESOURCE_SERVERS_PATH,
        resourceServerCreateSchema.parse(input),
        resourceServerSchema,
      ),
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
        resourceServerPath(id),
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
export function useDeleteResourceServer(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(resourceServerPath(id), z.undefined()),
    onSuccess: () => {
      qc.removeQueries({ queryKey: resourceServerKeys.detail(id) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: resourceServerKeys.lists() }),
        qc.invalidateQueries({ queryKey: clientGrantKeys.all }),
      ]);
    },
  });
}
