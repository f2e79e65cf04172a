import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  clientCreateSchema,
  clientSchema,
  clientUpdateSchema,
  type ClientCreate,
  type ClientUpdate,
} from '@/shared/schemas/client';
import { api } from '@/web/lib/api';
import { clientGrantKeys } from '../client-grants/keys';
import { clientKeys } from './keys';
import { CLIENTS_PATH, clientPath } from './queries';

export function useCreateClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ClientCreate) =>
      api.post(CLIENTS_PATH, clientCreateSchema.parse(input), clientSchema),
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
      api.patch(clientPath(id), clientUpdateSchema.parse(patch), clientSchema),
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
    mutationFn: () => api.post(`${clientPath(id)}/rotate-secret`, undefined, clientSchema),
    onSuccess: (updated) => {
      qc.setQueryData(clientKeys.detail(id), updated);
      return qc.invalidateQueries({ queryKey: clientKeys.lists() });
    },
  });
}

/** Deleting an application also removes its grants on the server: both views refresh. */
export function useDeleteClient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.del(clientPath(id), z.undefined()),
    onSuccess: () => {
      qc.removeQueries({ queryKey: clientKeys.detail(id) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: clientKeys.lists() }),
        qc.invalidateQueries({ queryKey: clientGrantKeys.all }),
      ]);
    },
  });
}
