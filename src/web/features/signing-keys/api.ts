import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { signingKeyRotationSchema, signingKeySchema } from '@/shared/schemas/signing-key';
import { api } from '@/web/lib/api';

const PATH = '/keys/signing';

export const signingKeyKeys = {
  all: ['signing-keys'] as const,
  list: () => [...signingKeyKeys.all, 'list'] as const,
};

export const signingKeyQueries = {
  list: () =>
    queryOptions({
      queryKey: signingKeyKeys.list(),
      queryFn: ({ signal }) => api.get(PATH, z.array(signingKeySchema), { signal }),
    }),
};

/** A new current key per algorithm; the old one stays published as previous (issue 9). */
export function useRotateSigningKeys() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(`${PATH}/rotate`, undefined, signingKeyRotationSchema),
    onSuccess: () => qc.invalidateQueries({ queryKey: signingKeyKeys.all }),
  });
}
