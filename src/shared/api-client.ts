import type { z } from 'zod';
import { ApiError } from './api-error';
import { managementError, managementErrorSchema, type ManagementError } from './schemas/errors';

/** Normalises whatever a failed response carried into the management error shape. */
export function toManagementError(status: number, json: unknown): ManagementError {
  const parsed = managementErrorSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return managementError(status, 'unexpected_response', `Request failed with status ${status}`);
}

export interface ApiClientOptions {
  /** Origin of the Tokenhook server, e.g. `http://localhost:3000`; `''` for same-origin. */
  baseUrl: string;
  /** Bearer token for `/api/v2`; `null` when the caller relies on a session cookie. */
  getToken: () => string | null;
  /** Extra headers on every request (the console's CSRF header). */
  headers?: Record<string, string>;
  onUnauthorized?: () => void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Headers for this request only (e.g. `If-Match`), on top of the client's own. */
  headers?: Record<string, string>;
}

export interface SendOptions extends RequestOptions {
  body?: unknown;
}

/** A response body with the `ETag` the server sent for it (RFC 9110 §8.8.3). */
export interface Tagged<T> {
  data: T;
  etag: string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The one Management API client, shared by the console and the CLI (fetch only). */
export function createApiClient(opts: ApiClientOptions) {
  /** One request: the parsed body and the response's `ETag`; a failure throws `ApiError`. */
  async function send<T>(
    method: HttpMethod,
    path: string,
    schema: z.ZodType<T>,
    { body, signal, headers: extra }: SendOptions = {},
  ): Promise<Tagged<T>> {
    const token = opts.getToken();
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...opts.headers,
      ...extra,
    };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${opts.baseUrl}/api/v2${path}`, {
      method,
      signal,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) opts.onUnauthorized?.();
    const json: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (!res.ok) throw new ApiError(res.status, toManagementError(res.status, json));
    return { data: schema.parse(json), etag: res.headers.get('etag') };
  }
  const call = async <T>(method: HttpMethod, path: string, schema: z.ZodType<T>, o?: SendOptions) =>
    (await send(method, path, schema, o)).data;
  return {
    send,
    get: <T>(path: string, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('GET', path, schema, o),
    post: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('POST', path, schema, { ...o, body }),
    put: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('PUT', path, schema, { ...o, body }),
    patch: <T>(path: string, body: unknown, schema: z.ZodType<T>, o?: RequestOptions) =>
      call('PATCH', path, schema, { ...o, body }),
    del: <T>(path: string, schema: z.ZodType<T>, body?: unknown, o?: RequestOptions) =>
      call('DELETE', path, schema, { ...o, body }),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
