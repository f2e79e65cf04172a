import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { hookSecretNamesSchema, hookSecretsSchema } from '@/shared/schemas/hook';
import { api } from '@/web/lib/api';
import { hookKeys } from './keys';
import { hookPath } from './queries';

/** Adds (`mode: 'add'`, 409 if it exists) or replaces (`'update'`) one secret. */
export function useSetHookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      name,
      value,
      mode,
    }: {
      name: string;
      value: string;
      mode: 'add' | 'update';
    }) => {
      const body = hookSecretsSchema.parse({ [name]: value });
      return mode === 'add'
        ? api.post(`${hookPath(id)}/secrets`, body, z.unknown())
        : api.patch(`${hookPath(id)}/secrets`, body, z.unknown());
    },
    meta: { silentError: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.secrets(id) }),
  });
}

export function useDeleteHookSecret(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api.del(`${hookPath(id)}/secrets`, z.undefined(), hookSecretNamesSchema.parse([name])),
    onSuccess: () => qc.invalidateQueries({ queryKey: hookKeys.secrets(id) }),
  });
}
