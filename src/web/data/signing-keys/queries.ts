import { queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { signingKeySchema } from '@/shared/schemas/signing-key';
import { api } from '@/web/lib/api';
import { signingKeyKeys } from './keys';

export const SIGNING_KEYS_PATH = '/keys/signing';

export const signingKeyQueries = {
  list: () =>
    queryOptions({
      queryKey: signingKeyKeys.list(),
      queryFn: ({ signal }) => api.get(SIGNING_KEYS_PATH, z.array(signingKeySchema), { signal }),
    }),
};
