import { queryOptions } from '@tanstack/react-query';
import { clientSchema } from '@/shared/schemas/client';
import { api, getAll, getPage, type PageParams } from '@/web/lib/api';
import { clientKeys } from './keys';

export const CLIENTS_PATH = '/clients';

export const clientPath = (id: string) => `${CLIENTS_PATH}/${encodeURIComponent(id)}`;

/** One application, its secret included (the Credentials tab and the token test show it). */
export const getClient = (id: string, signal?: AbortSignal) =>
  api.get(clientPath(id), clientSchema, { signal });

export const clientQueries = {
  list: (params: PageParams) =>
    queryOptions({
      queryKey: clientKeys.list(params),
      queryFn: ({ signal }) => getPage(CLIENTS_PATH, 'clients', clientSchema, params, signal),
    }),
  /** Every application: for search, an API's Machine to Machine tab, the Runner and the token test. */
  every: () =>
    queryOptions({
      queryKey: clientKeys.every(),
      queryFn: ({ signal }) => getAll(CLIENTS_PATH, 'clients', clientSchema, signal),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: clientKeys.detail(id),
      queryFn: ({ signal }) => getClient(id, signal),
    }),
};
