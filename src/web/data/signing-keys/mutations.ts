import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signingKeyRotationSchema } from '@/shared/schemas/signing-key';
import { api } from '@/web/lib/api';
import { signingKeyKeys } from './keys';
import { SIGNING_KEYS_PATH } from './queries';

/**
 * A new current key per algorithm; the old one stays published in the JWKS as the previous key,
 * so tokens it signed still verify until they expire.
 */
export function useRotateSigningKeys() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post(`${SIGNING_KEYS_PATH}/rotate`, undefined, signingKeyRotationSchema),
    onSuccess: () => qc.invalidateQueries({ queryKey: signingKeyKeys.all }),
  });
}
