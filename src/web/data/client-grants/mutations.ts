import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  clientGrantCreateSchema,
  clientGrantSchema,
  clientGrantUpdateSchema,
} from '@/shared/schemas/client-grant';
import { api } from '@/web/lib/api';
import { clientGrantKeys } from './keys';
import { CLIENT_GRANTS_PATH } from './queries';

const grantPath = (id: string) => `${CLIENT_GRANTS_PATH}/${encodeURIComponent(id)}`;

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
    api.post(CLIENT_GRANTS_PATH, clientGrantCreateSchema.parse(input), clientGrantSchema),
  );

export const useUpdateClientGrant = () =>
  useGrantMutation(({ id, scope }: { id: string; scope: string[] }) =>
    api.patch(grantPath(id), clientGrantUpdateSchema.parse({ scope }), clientGrantSchema),
  );

export const useDeleteClientGrant = () =>
  useGrantMutation((id: string) => api.del(grantPath(id), z.undefined()));
