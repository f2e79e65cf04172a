import type { z } from 'zod';
import { createApiClient, toManagementError } from '@/shared/api-client';
import { ApiError } from '@/shared/api-error';
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

/** A response body with the `ETag` the server sent for it. */
export interface Tagged<T> {
  data: T;
  etag: string | null;
}

/**
 * A request whose `ETag` matters (RFC 9110 §8.8.3 and §13.1.1): reads return the header, writes
 * can send `If-Match`. The shared client returns bodies only, so this mirrors its error handling
 * (same CSRF header, same `ApiError`, same sign-out on 401).
 */
export async function requestTagged<T>(
  method: 'GET' | 'PATCH' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  schema: z.ZodType<T>,
  opts: { body?: unknown; ifMatch?: string | null; signal?: AbortSignal } = {},
): Promise<Tagged<T>> {
  const headers: Record<string, string> = { accept: 'application/json', [CSRF_HEADER]: CSRF_VALUE };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  const res = await fetch(`/api/v2${path}`, {
    method,
    headers,
    signal: opts.signal,
    credentials: 'same-origin',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (res.status === 401) queryClient.setQueryData(sessionKeys.current(), null);
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw new ApiError(res.status, toManagementError(res.status, json));
  return { data: schema.parse(json), etag: res.headers.get('etag') };
}
