import type { z } from 'zod';
import { createApiClient } from '@/shared/api-client';
import { listAll } from '@/shared/list-all';
import { pagedSchema } from '@/shared/schemas/paging';
import { CSRF_HEADER, CSRF_VALUE } from '@/shared/schemas/session';
import { queryClient } from './query-client';
import { sessionKeys } from './session';

/**
 * The console's Management API client: the session cookie authenticates it (the browser never
 * holds a management token) and the CSRF header goes on every request. A 401 means the session
 * ended: clearing it sends the layout to the sign-in page.
 */
export const api = createApiClient({
  baseUrl: '',
  getToken: () => null,
  headers: { [CSRF_HEADER]: CSRF_VALUE },
  onUnauthorized: () => queryClient.setQueryData(sessionKeys.current(), null),
});

export interface PageParams {
  page: number;
  per_page: number;
}

/** One page of a list with totals (Auth0's `include_totals=true` body). */
export function getPage<K extends string, T extends z.ZodType>(
  path: string,
  collection: K,
  item: T,
  { page, per_page }: PageParams,
  signal?: AbortSignal,
  filter: Record<string, string> = {},
) {
  const query = new URLSearchParams({
    ...filter,
    page: String(page),
    per_page: String(per_page),
    include_totals: 'true',
  });
  return api.get(`${path}?${query}`, pagedSchema(collection, item), { signal });
}

/** Every item of a list (all pages; see the shared listAll). */
export function getAll<K extends string, T extends z.ZodType>(
  path: string,
  collection: K,
  item: T,
  signal?: AbortSignal,
  filter: Record<string, string> = {},
): Promise<z.infer<T>[]> {
  return listAll(api, path, collection, item, { filter, signal });
}

/** `If-Match` for a write that must act only on the version it saw (RFC 9110 §13.1.1). */
export const ifMatch = (etag: string | null | undefined): Record<string, string> =>
  etag ? { 'if-match': etag } : {};
