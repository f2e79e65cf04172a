import { queryOptions } from '@tanstack/react-query';
import { clientGrantSchema } from '@/shared/schemas/client-grant';
import { getAll } from '@/web/lib/api';
import { clientGrantKeys, type GrantFilter } from './keys';

export const CLIENT_GRANTS_PATH = '/client-grants';

/** The grants matching a filter (`client_id`, `audience`, or both: the one grant of a pair). */
export const getClientGrants = (filter: Record<string, string>, signal?: AbortSignal) =>
  getAll(CLIENT_GRANTS_PATH, 'client_grants', clientGrantSchema, signal, filter);

export const clientGrantQueries = {
  list: (filter: GrantFilter) =>
    queryOptions({
      queryKey: clientGrantKeys.list(filter),
      queryFn: ({ signal }) => getClientGrants(filter, signal),
    }),
  /** Every grant: which pairs are authorized, and with which scopes (the token test). */
  every: () =>
    queryOptions({
      queryKey: clientGrantKeys.every(),
      queryFn: ({ signal }) => getClientGrants({}, signal),
    }),
};
